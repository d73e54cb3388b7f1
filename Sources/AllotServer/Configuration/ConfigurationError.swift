/// An invalid option, naming the option, the value, where it came from and
/// what would be valid.
public struct ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
