/// A failed expectation in test set-up, with a message that names what was missing.
public struct TestFailure: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
