/// Limits of the wire format, with the reason for each value. The server's
/// configuration may change the ones it names; these are the defaults.
public enum WireLimits {
    /// Default maximum payload of one frame, in bytes (4 MiB). It fits the
    /// largest request the model allows, a workflow configuration of
    /// 1,038,576 bytes, with room to spare, and it bounds what one peer can
    /// make the other buffer.
    public static let defaultMaximumFrameBytes = 4 << 20

    /// Largest frame limit a configuration may set, in bytes (1 GiB). The
    /// length field has 32 bits; a gigabyte already exceeds anything a single
    /// call of this protocol needs.
    public static let maximumConfigurableFrameBytes = 1 << 30

    /// Payloads longer than this many bytes are compressed when the peer
    /// accepts compression. Below about a kilobyte zlib saves few bytes and
    /// its time is better spent elsewhere.
    public static let compressionThresholdBytes = 1_024

    /// Bytes of inflated output produced per zlib call while decompressing.
    /// The output limit is checked after each step, so a small compressed
    /// frame that inflates to gigabytes stops after one step past the limit.
    public static let inflateStepBytes = 64 << 10
}
