extension Command {
    /// No actions, for commands that take only options.
    static var actions: [String] { [] }

    /// Returns the action that `operands` select: the first two operands
    /// when they form an action such as `channel update`, else the first, or
    /// nil when neither is an action that options name.
    static func action(of operands: [String]) -> String? {
        let known = actions
        if operands.count >= 2, known.contains("\(operands[0]) \(operands[1])") { return "\(operands[0]) \(operands[1])" }
        if let first = operands.first, known.contains(first) { return first }
        return nil
    }

    /// Checks the given options against the selected action and the SID
    /// options against the SID form, before the command runs, so that no
    /// option is silently ignored and a name given for a SID fails early.
    ///
    /// - Throws: `UsageError` naming the option and the actions that take it,
    ///   or the SID expected and where to find it.
    static func checkOptions(_ arguments: ParsedArguments) throws(UsageError) {
        let action = action(of: arguments.operands)
        // A missing or unknown action is reported by the command itself, before any option.
        if action == nil && !actions.isEmpty { return }
        for option in options where arguments.contains(option.name) {
            assert(option.actions.allSatisfy(actions.contains), "--\(option.name) names an action that 'allot \(name)' does not have")
            if let action, !option.actions.isEmpty, !option.actions.contains(action) {
                let takers = option.actions.map { "'allot \(name) \($0)'" }
                let verb = takers.count == 1 ? "takes" : "take"
                throw UsageError(message: "\(OptionSpecification.dashed(option.name)) does not apply to 'allot \(name) \(action)'; only \(Self.list(takers)) \(verb) it")
            }
            if let kind = option.sidKind, let value = arguments.value(option.name) {
                try kind.check(value, as: OptionSpecification.dashed(option.name), nameOption: nameOption(of: option, for: action))
            }
        }
    }

    /// Returns the option that selects `option`'s resource by name, when
    /// `action` takes it too, so that an error suggests only what would work.
    private static func nameOption(of option: OptionSpecification, for action: String?) -> String? {
        guard let name = option.nameOption, let alternative = options.first(where: { $0.name == name }) else { return nil }
        guard let action, !alternative.actions.isEmpty else { return name }
        return alternative.actions.contains(action) ? name : nil
    }

    /// Joins `items` as "a", "a and b" or "a, b and c".
    private static func list(_ items: [String]) -> String {
        guard items.count > 1, let last = items.last else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + last
    }
}
