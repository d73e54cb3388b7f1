import Glibc

/// One HTTP connection of the metrics endpoint: the request head as it
/// arrives, then the response as the peer takes it. The endpoint's thread
/// moves every open connection forward in one poll loop, so a peer that
/// sends or reads slowly delays no other peer.
struct MetricsConnection {
    /// The step of the exchange that the connection is in.
    enum Phase {
        /// The request head, which ends with an empty line.
        case reading
        /// The peer taking the response; `sent` bytes of it have left.
        case writing(response: [UInt8], sent: Int)
    }

    let fd: Int32
    /// When the endpoint closes the connection, finished or not.
    let deadline: ContinuousClock.Instant
    private(set) var phase = Phase.reading
    private var head: [UInt8] = []

    init(fd: Int32, deadline: ContinuousClock.Instant) {
        self.fd = fd
        self.deadline = deadline
    }

    /// The poll events the connection waits for.
    var events: Int16 {
        if case .reading = phase { Int16(POLLIN) } else { Int16(POLLOUT) }
    }

    /// True while no complete request head has arrived, so that closing the connection loses
    /// no response.
    var isWaitingForRequest: Bool {
        if case .reading = phase { true } else { false }
    }

    /// Reads the bytes waiting on the socket. Returns the request line once the head is
    /// complete, nil while more is expected. Throws `closed` when the peer ended or overran the limit.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(MetricsConnectionError) -> String? {
        while true {
            let result: SystemCall.ReadResult
            do {
                result = try SystemCall.receive(fd, into: buffer)
            } catch {
                throw .failed(error)
            }
            switch result {
            case .bytes(let count):
                head.append(contentsOf: buffer[0..<count])
                if let end = head.firstRange(of: [13, 10, 13, 10]) {
                    let text = String(decoding: head[..<end.lowerBound], as: UTF8.self)
                    return text.split(separator: "\r\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
                }
                guard head.count < ServerLimits.maximumMetricsRequestBytes else { throw .closed }
            case .endOfStream:
                throw .closed
            case .wouldBlock:
                return nil
            }
        }
    }

    /// Starts sending `response`.
    mutating func respond(_ response: [UInt8]) {
        head = []
        phase = .writing(response: response, sent: 0)
    }

    /// Sends what the socket takes now. Returns true once the whole response has left.
    mutating func write() throws(MetricsConnectionError) -> Bool {
        guard case .writing(let response, var sent) = phase else { return false }
        while sent < response.count {
            let count: Int?
            do {
                count = try SystemCall.send(fd, response, from: sent)
            } catch {
                throw .failed(error)
            }
            guard let count, count > 0 else { break }
            sent += count
        }
        phase = .writing(response: response, sent: sent)
        return sent == response.count
    }
}

/// The reason a metrics connection ends before its response left.
enum MetricsConnectionError: Error {
    /// The peer closed, or sent a head over the limit; nothing is worth logging.
    case closed
    /// A socket call failed.
    case failed(SystemError)
}
