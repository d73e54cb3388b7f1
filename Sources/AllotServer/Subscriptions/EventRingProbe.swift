import AllotCore

/// Finds the bounds of a workspace's event ring with `Engine.events`, which
/// returns the events after a sequence number, or throws OUT_OF_RANGE when
/// the ring has already dropped the one right after it.
///
/// NOTE: the engine has no call that returns these bounds, so each search
/// takes O(log n) reads of at most one event. The server searches only when
/// a workspace gets its first subscriber and when a subscription starts.
struct EventRingProbe {
    let engine: Engine
    let workspaceSid: String
    let accountSid: String

    /// Most reads one search makes: 64 doublings reach any sequence number
    /// and 64 halvings narrow any range to one.
    static let maximumReads = 128

    /// Returns the sequence number of the newest event, 0 when there is
    /// none. `lowerBound` must not be above it.
    func newestSequence(atLeast lowerBound: UInt64) throws(EngineError) -> UInt64 {
        if try holdsNothingAfter(lowerBound) { return lowerBound }
        // The newest lies in (low, high]: first double the step until
        // `high` is past it, then halve the range.
        var low = lowerBound
        var step: UInt64 = 1
        var high = lowerBound &+ step
        var reads = 0
        while try !holdsNothingAfter(high), reads < Self.maximumReads {
            low = high
            step = step > UInt64.max / 2 ? step : step * 2
            high = low > UInt64.max - step ? UInt64.max : low + step
            reads += 1
        }
        while high - low > 1, reads < Self.maximumReads {
            let middle = low + (high - low) / 2
            if try holdsNothingAfter(middle) { high = middle } else { low = middle }
            reads += 1
        }
        return high
    }

    /// Returns the oldest sequence number in the ring, or `newest + 1` when
    /// the ring is empty.
    func oldestHeldSequence(newest: UInt64) throws(EngineError) -> UInt64 {
        if try !isOverwritten(after: 0) { return 1 }
        // The engine throws only when `sequence + 1` is older than the
        // oldest event, never after `newest`, so the smallest sequence after
        // which reading works lies in (low, high].
        var low: UInt64 = 0
        var high = newest
        var reads = 0
        while high - low > 1, reads < Self.maximumReads {
            let middle = low + (high - low) / 2
            if try isOverwritten(after: middle) { low = middle } else { high = middle }
            reads += 1
        }
        return high + 1
    }

    /// True when no event follows `sequence`: it is the newest or later.
    private func holdsNothingAfter(_ sequence: UInt64) throws(EngineError) -> Bool {
        do throws(EngineError) {
            return try engine.events(workspace: workspaceSid, after: sequence, limit: 1, deliveredOnly: false, account: accountSid).isEmpty
        } catch {
            if error.code == .outOfRange { return false }
            throw error
        }
    }

    /// True when the event right after `sequence` is no longer held.
    private func isOverwritten(after sequence: UInt64) throws(EngineError) -> Bool {
        do throws(EngineError) {
            _ = try engine.events(workspace: workspaceSid, after: sequence, limit: 1, deliveredOnly: false, account: accountSid)
            return false
        } catch {
            if error.code == .outOfRange { return true }
            throw error
        }
    }
}
