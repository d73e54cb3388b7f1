import AllotWire

/// Counters one I/O thread updates without locking, then merges into its
/// shared shard once per loop pass.
struct RequestMetrics: Sendable {
    /// Upper bounds of the latency histogram's buckets, in seconds: roughly
    /// 1-2.5-5 steps from 5 µs, where a loopback call lands, to 10 s.
    static let latencyBucketBoundsSeconds: [Double] = [
        0.000_005, 0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5,
        0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    /// Label of calls whose request case is unknown or could not be decoded.
    static let unknownMethodName = "unknown"
    static let methodNames = Wire.ClientFrame.Request.fieldNames + [unknownMethodName]
    static var unknownMethodIndex: Int { methodNames.count - 1 }

    /// Status codes are numbered 0 to 16; other values count as UNKNOWN.
    static let statusSlotCount = 17

    var requestCounts = [UInt64](repeating: 0, count: methodNames.count * statusSlotCount)
    /// Indices of the non-zero entries of `requestCounts`, so that a merge visits those
    /// rather than every method and status: an I/O thread merges on every loop pass, which
    /// with one call in flight is once per call.
    private(set) var countedSlots: [Int] = []
    var latencyBucketCounts = [UInt64](repeating: 0, count: latencyBucketBoundsSeconds.count + 1)
    var latencySumNanoseconds: UInt64 = 0
    var latencyCount: UInt64 = 0
    var connectionsAccepted: UInt64 = 0
    var connectionsRejected: UInt64 = 0
    var connectionsClosed: UInt64 = 0
    var eventsDropped: UInt64 = 0
    /// True when something changed since the last merge.
    var isDirty = false

    static func statusSlot(_ code: Wire.StatusCode) -> Int {
        let value = Int(code.wireValue)
        return (0..<statusSlotCount).contains(value) ? value : Int(Wire.StatusCode.unknown.wireValue)
    }

    mutating func recordCall(methodIndex: Int, status: Wire.StatusCode, latencyNanoseconds: UInt64) {
        let slot = methodIndex * Self.statusSlotCount + Self.statusSlot(status)
        if requestCounts[slot] == 0 { countedSlots.append(slot) }
        requestCounts[slot] += 1
        let seconds = Double(latencyNanoseconds) / 1e9
        var bucket = 0
        while bucket < Self.latencyBucketBoundsSeconds.count && seconds > Self.latencyBucketBoundsSeconds[bucket] {
            bucket += 1
        }
        latencyBucketCounts[bucket] += 1
        latencySumNanoseconds &+= latencyNanoseconds
        latencyCount += 1
        isDirty = true
    }

    /// Adds `other` into this and leaves `other` zeroed.
    mutating func absorb(_ other: inout RequestMetrics) {
        for index in other.countedSlots {
            if requestCounts[index] == 0 { countedSlots.append(index) }
            requestCounts[index] += other.requestCounts[index]
            other.requestCounts[index] = 0
        }
        other.countedSlots.removeAll(keepingCapacity: true)
        for index in latencyBucketCounts.indices where other.latencyBucketCounts[index] != 0 {
            latencyBucketCounts[index] += other.latencyBucketCounts[index]
            other.latencyBucketCounts[index] = 0
        }
        latencySumNanoseconds &+= other.latencySumNanoseconds
        latencyCount += other.latencyCount
        connectionsAccepted += other.connectionsAccepted
        connectionsRejected += other.connectionsRejected
        connectionsClosed += other.connectionsClosed
        eventsDropped += other.eventsDropped
        other.latencySumNanoseconds = 0
        other.latencyCount = 0
        other.connectionsAccepted = 0
        other.connectionsRejected = 0
        other.connectionsClosed = 0
        other.eventsDropped = 0
        other.isDirty = false
    }
}
