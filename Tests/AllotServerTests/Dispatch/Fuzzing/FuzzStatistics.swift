/// Counts of what a fuzz run sent and what came back, for its summary line
/// and for checking that the run reached past input validation.
struct FuzzStatistics {
    /// Requests sent, by request field name.
    var sent: [String: Int] = [:]
    /// Requests that succeeded, by request field name.
    var succeeded: [String: Int] = [:]
    /// Failed requests, by status code name.
    var failuresByCode: [String: Int] = [:]
    var clockMoves = 0
    /// Requests with a NUL in a string, which no frame can carry. They were
    /// passed to the handler without the wire round trip.
    var requestsWithNUL = 0
    /// Requests whose encoded strings had invalid UTF-8 put in.
    var requestsWithInvalidUTF8 = 0
    /// Replies that could not be encoded because a string read back a NUL
    /// that an earlier in-process request stored.
    var repliesWithNUL = 0
    var eventsPushed = 0
    /// The request that took longest to handle, for finding inputs that cost
    /// far more than others. It is reported and never asserted.
    var slowestRequest: (duration: Duration, request: String) = (.zero, "")
    var connectionsClosed = 0

    var requestCount: Int { sent.values.reduce(0, +) }
    var successCount: Int { succeeded.values.reduce(0, +) }

    mutating func merge(_ other: FuzzStatistics) {
        sent.merge(other.sent, uniquingKeysWith: +)
        succeeded.merge(other.succeeded, uniquingKeysWith: +)
        failuresByCode.merge(other.failuresByCode, uniquingKeysWith: +)
        clockMoves += other.clockMoves
        requestsWithNUL += other.requestsWithNUL
        requestsWithInvalidUTF8 += other.requestsWithInvalidUTF8
        repliesWithNUL += other.repliesWithNUL
        eventsPushed += other.eventsPushed
        connectionsClosed += other.connectionsClosed
        if other.slowestRequest.duration > slowestRequest.duration { slowestRequest = other.slowestRequest }
    }

    /// One line: the totals, then the failures by code.
    var summary: String {
        let failures = failuresByCode.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return "\(requestCount) requests (\(successCount) succeeded; failed: \(failures)), \(clockMoves) clock moves, "
            + "\(eventsPushed) events pushed, \(connectionsClosed) connections closed, \(requestsWithNUL) with NUL, "
            + "\(requestsWithInvalidUTF8) with invalid UTF-8; slowest request \(slowestRequest.duration): "
            + String(slowestRequest.request.prefix(300))
    }
}
