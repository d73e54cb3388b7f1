/// A problem found while loading the configuration that does not stop the
/// server, such as a secret in a file that other users can read. The caller
/// logs it once a logger exists.
public struct ConfigurationWarning: Sendable {
    /// Constant log message.
    public let message: StaticString
    /// Values for the log line, as key and value pairs.
    public let metadata: [(String, String)]
}
