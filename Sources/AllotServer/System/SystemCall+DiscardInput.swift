import Glibc

extension SystemCall {
    /// Outcome of `discardInput` on a socket.
    enum DiscardResult: Equatable {
        /// The peer may still send. The call read and dropped `discardedBytes`.
        case open(discardedBytes: Int)
        /// The peer closed its side or the socket failed, so no more input will arrive.
        case ended
    }

    /// Reads and drops the input waiting on a non-blocking socket whose own
    /// output is done, in at most `maximumReads` reads of at most `buffer.count`
    /// bytes each and `maximumBytes` in all. A socket that is closed while input
    /// is unread makes the kernel send a reset, which can drop the output the
    /// peer has not read yet.
    static func discardInput(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, maximumReads: Int, maximumBytes: Int = .max) -> DiscardResult {
        var discardedBytes = 0
        for _ in 0..<maximumReads {
            let remainingBytes = maximumBytes - discardedBytes
            guard remainingBytes > 0 else { break }
            let chunk = UnsafeMutableRawBufferPointer(rebasing: buffer[..<min(buffer.count, remainingBytes)])
            let result: ReadResult
            do {
                result = try receive(fd, into: chunk)
            } catch {
                return .ended
            }
            switch result {
            case .bytes(let count):
                discardedBytes += count
            case .endOfStream:
                return .ended
            case .wouldBlock:
                return .open(discardedBytes: discardedBytes)
            }
        }
        return .open(discardedBytes: discardedBytes)
    }
}
