import AllotCore

/// An option that a command accepts, such as `--kind KIND`.
struct OptionSpecification: Sendable {
    /// The name without dashes: `kind` for `--kind`.
    var name: String
    /// The placeholder for the value in help text, or nil for a flag that takes no value.
    var valueName: String?
    /// The setting the option changes, with its unit and default.
    var help: String
    /// The actions that read the option, such as `["create", "update"]`, or
    /// empty when every action of the command does. Giving the option to
    /// another action is a usage error, so that it is never ignored.
    var actions: [String] = []
    /// The kind of SID the value must be, for an option that takes a SID.
    var sidKind: SIDKind?
    /// The option of the same command that selects the resource by friendly
    /// name instead of SID, such as `activity-name` for `--activity`.
    var nameOption: String?

    /// Creates an option that takes a value.
    static func value(_ name: String, _ valueName: String, help: String, actions: [String] = []) -> OptionSpecification {
        OptionSpecification(name: name, valueName: valueName, help: help, actions: actions)
    }

    /// Creates an option whose value is a SID of `kind`; an empty value passes unchecked.
    static func sid(_ name: String, _ kind: SIDKind, help: String, actions: [String] = [], nameOption: String? = nil) -> OptionSpecification {
        OptionSpecification(name: name, valueName: kind.prefix.rawValue, help: help, actions: actions, sidKind: kind, nameOption: nameOption)
    }

    /// Creates an option that takes no value.
    static func flag(_ name: String, help: String, actions: [String] = []) -> OptionSpecification {
        OptionSpecification(name: name, valueName: nil, help: help, actions: actions)
    }

    /// The option as usage text shows it: `--kind KIND`.
    var synopsis: String {
        valueName.map { "\(Self.dashed(name)) \($0)" } ?? Self.dashed(name)
    }

    /// Returns `name` with its dashes as typed: `-f` for a one-letter name, `--kind` otherwise.
    static func dashed(_ name: String) -> String {
        name.count == 1 ? "-\(name)" : "--\(name)"
    }
}
