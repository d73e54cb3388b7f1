import AllotCore

/// Splits command-line arguments into options and operands.
///
/// Accepts `--name value`, `--name=value`, `--flag`, one-letter options
/// such as `-f FILE`, and `-h` for `--help`. The argument `--` ends the options, so that later arguments are
/// operands even when they start with a dash. Each option may be given once.
enum ArgumentParser {
    static func parse(_ arguments: [String], options: [OptionSpecification]) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments()
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            if argument == "--" {
                parsed.operands.append(contentsOf: remaining)
                break
            }
            guard argument.hasPrefix("-"), argument != "-" else {
                parsed.operands.append(argument)
                continue
            }
            let (name, inlineValue) = split(argument)
            guard let option = options.first(where: { $0.name == name }) else {
                let hint = NearestName.nearest(to: name, among: options.map(\.name)).map { "; did you mean \(OptionSpecification.dashed($0))?" } ?? ""
                throw UsageError(message: "unknown option '\(argument)'\(hint)")
            }
            guard !parsed.contains(name) else {
                throw UsageError(message: "option \(OptionSpecification.dashed(name)) is given more than once")
            }
            if option.valueName == nil {
                guard inlineValue == nil else {
                    throw UsageError(message: "option \(OptionSpecification.dashed(name)) takes no value")
                }
                parsed.flags.insert(name)
            } else if let inlineValue {
                parsed.values[name] = inlineValue
            } else if let value = remaining.popFirst() {
                parsed.values[name] = value
            } else {
                throw UsageError(message: "option \(OptionSpecification.dashed(name)) needs a value (\(option.synopsis)); if you passed a shell variable, it was empty")
            }
        }
        return parsed
    }

    /// Splits `--name=value` into its name and value, and maps `-h` to `help`.
    private static func split(_ argument: String) -> (name: String, value: String?) {
        if argument == "-h" { return ("help", nil) }
        // A one-letter option such as `-f FILE` is named by its letter.
        if argument.count == 2 && !argument.hasPrefix("--") { return (String(argument.dropFirst()), nil) }
        let body = argument.drop { $0 == "-" }
        guard argument.hasPrefix("--"), let equals = body.firstIndex(of: "=") else {
            return (argument.hasPrefix("--") ? String(body) : argument, nil)
        }
        return (String(body[..<equals]), String(body[body.index(after: equals)...]))
    }
}
