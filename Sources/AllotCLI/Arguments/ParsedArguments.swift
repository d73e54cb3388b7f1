/// The options and operands of one command invocation.
struct ParsedArguments: Sendable {
    /// Values of the options that take one, by name.
    var values: [String: String] = [:]
    /// Names of the flags given.
    var flags: Set<String> = []
    /// Arguments that are not options, in order.
    var operands: [String] = []

    /// Returns the value of option `name`, or nil when it was not given.
    func value(_ name: String) -> String? {
        values[name]
    }

    /// Returns whether option `name` was given, as a flag or with a value.
    func contains(_ name: String) -> Bool {
        flags.contains(name) || values[name] != nil
    }
}

/// Invalid command-line arguments; the tool prints the message and exits with status 2.
struct UsageError: Error, Sendable {
    /// The problem and what to do instead.
    var message: String
}
