/// An option that a command accepts, such as `--kind KIND`.
struct OptionSpecification: Sendable {
    /// The name without dashes: `kind` for `--kind`.
    var name: String
    /// The placeholder for the value in help text, or nil for a flag that takes no value.
    var valueName: String?
    /// The setting the option changes, with its unit and default.
    var help: String

    /// Creates an option that takes a value.
    static func value(_ name: String, _ valueName: String, help: String) -> OptionSpecification {
        OptionSpecification(name: name, valueName: valueName, help: help)
    }

    /// Creates an option that takes no value.
    static func flag(_ name: String, help: String) -> OptionSpecification {
        OptionSpecification(name: name, valueName: nil, help: help)
    }

    /// The option as usage text shows it: `--kind KIND`.
    var synopsis: String {
        let dashes = name.count == 1 ? "-" : "--"
        return valueName.map { "\(dashes)\(name) \($0)" } ?? "\(dashes)\(name)"
    }
}
