import Glibc

/// An open file descriptor whose every call is checked.
///
/// Each method throws a ``FileError`` naming the C call, the path and `errno`, and retries
/// calls interrupted by a signal (`EINTR`). One thread uses a file at a time. Call
/// ``close()`` to learn whether closing failed; a file that is never closed is closed by
/// `deinit`, which cannot report an error.
package final class SystemFile {
    /// Path the file was opened with, used in error messages.
    package let path: String
    private var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        if descriptor >= 0 {
            // Only error paths get here. A failed close on an abandoned descriptor leaves
            // nothing to do, and the error that led here is the one worth reporting.
            _ = Glibc.close(descriptor)
        }
    }

    /// Opens `path` with the `open(2)` flags; `O_CLOEXEC` is always added. A file that
    /// `O_CREAT` creates gets `mode`, by default 0600: journals and snapshots hold every
    /// workspace's data, which only the server's user may read.
    package static func open(_ path: String, flags: Int32, mode: mode_t = 0o600) throws -> SystemFile {
        let descriptor = try retryingInterrupts(call: "open", path: path) {
            Glibc.open(path, flags | O_CLOEXEC, mode)
        }
        return SystemFile(path: path, descriptor: descriptor)
    }

    /// Opens an existing file for reading.
    package static func openForReading(_ path: String) throws -> SystemFile {
        try open(path, flags: O_RDONLY)
    }

    /// Writes all of `bytes` at `offset`, looping over short writes.
    package func write(_ bytes: ArraySlice<UInt8>, at offset: Int) throws {
        try bytes.withUnsafeBytes { buffer throws in try write(buffer, at: offset) }
    }

    /// Writes all of `buffer` at `offset`, looping over short writes.
    package func write(_ buffer: UnsafeRawBufferPointer, at offset: Int) throws {
        var written = 0
        while written < buffer.count {
            let base = buffer.baseAddress.map { $0 + written }
            let count = try Self.retryingInterrupts(call: "pwrite", path: path) {
                pwrite(descriptor, base, buffer.count - written, off_t(offset + written))
            }
            written += count
        }
    }

    /// Reads up to `buffer.count` bytes at `offset` and returns how many were read; zero means
    /// end of file.
    package func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int {
        try Self.retryingInterrupts(call: "pread", path: path) {
            pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset))
        }
    }

    /// Reads exactly `count` bytes at `offset`, or fewer only when the file ends first.
    package func readBytes(count: Int, at offset: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let read = try bytes.withUnsafeMutableBytes { buffer throws in
                try self.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]), at: offset + filled)
            }
            if read == 0 { break }
            filled += read
        }
        bytes.removeLast(count - filled)
        return bytes
    }

    /// Flushes data and metadata to the device (`fsync(2)`).
    package func synchronize() throws {
        _ = try Self.retryingInterrupts(call: "fsync", path: path) { fsync(descriptor) }
    }

    /// Flushes data and the metadata needed to read it back, such as the size (`fdatasync(2)`).
    package func synchronizeData() throws {
        _ = try Self.retryingInterrupts(call: "fdatasync", path: path) { fdatasync(descriptor) }
    }

    /// Allocates disk blocks for `length` bytes from `offset` and raises the size to at
    /// least their end (`posix_fallocate(3)`), so that later writes inside them change no
    /// size. Returns false when that failed, as on a full disk, which can leave some of the
    /// blocks allocated and the size raised part of the way.
    package func preallocate(offset: Int, length: Int) -> Bool {
        while true {
            let result = posix_fallocate(descriptor, off_t(offset), off_t(length))
            if result == 0 { return true }
            if result != EINTR { return false }
        }
    }

    /// Sets the file's size to `length` bytes (`ftruncate(2)`).
    package func truncate(to length: Int) throws {
        _ = try Self.retryingInterrupts(call: "ftruncate", path: path) { ftruncate(descriptor, off_t(length)) }
    }

    /// Takes an exclusive `flock(2)` lock on the file without waiting, and returns false
    /// when another open file description holds one. The lock lasts until the file is
    /// closed, or until the process ends, whatever way it ends.
    package func lockExclusivelyWithoutWaiting() throws -> Bool {
        do {
            try Self.retryingInterrupts(call: "flock", path: path) { flock(descriptor, LOCK_EX | LOCK_NB) }
            return true
        } catch let error as FileError where error.errorNumber == EWOULDBLOCK {
            return false
        }
    }

    /// Returns the file's current size in bytes (`fstat(2)`).
    package func size() throws -> Int {
        var status = stat()
        _ = try Self.retryingInterrupts(call: "fstat", path: path) { fstat(descriptor, &status) }
        return Int(status.st_size)
    }

    /// Closes the descriptor. Linux releases it even when `close` fails, so the file is
    /// closed afterwards either way.
    package func close() throws {
        guard descriptor >= 0 else { return }
        let result = Glibc.close(descriptor)
        descriptor = -1
        if result != 0 {
            throw FileError(call: "close", path: path, errorNumber: errno)
        }
    }

    /// Runs `call` until it returns something other than -1 with `EINTR`; a -1 with any
    /// other `errno` becomes a ``FileError``.
    @discardableResult
    static func retryingInterrupts<Result: BinaryInteger>(
        call: String, path: String, _ body: () -> Result
    ) throws -> Result {
        while true {
            let result = body()
            if result != -1 { return result }
            let errorNumber = errno
            if errorNumber != EINTR {
                throw FileError(call: call, path: path, errorNumber: errorNumber)
            }
        }
    }
}
