extension Duration {
    /// The duration as log text in milliseconds with three decimals, such as
    /// `0.047ms`, where `description` prints seconds in whatever notation fits
    /// (`4e-08 seconds`). Negative durations print as `0.000ms`.
    var logMilliseconds: String {
        let microseconds = Swift.max(0, components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000)
        let fraction = String(microseconds % 1_000)
        return "\(microseconds / 1_000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)ms"
    }
}
