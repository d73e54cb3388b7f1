extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// The duration in whole nanoseconds, zero when negative.
    ///
    /// `components` is read once, because each read divides the 128-bit attosecond count,
    /// and every call's latency is recorded through this property.
    var nanoseconds: UInt64 {
        guard self > .zero else { return 0 }
        let (seconds, attoseconds) = components
        return UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }

    /// Returns the duration as a poll timeout in milliseconds: the whole milliseconds plus one, so
    /// that a poll does not wake just before a deadline, kept between 0 and `limit`.
    func pollTimeoutMilliseconds(atMost limit: Int32) -> Int32 {
        let milliseconds = components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000
        return Int32(max(0, min(Int64(limit), milliseconds + 1)))
    }
}
