import AllotCore
import Foundation

/// The command line's request: run with a configuration, or print help.
public enum ConfigurationRequest: Sendable {
    case run(ServerConfiguration)
    case help(String)
}

/// Builds the configuration from defaults, the config file, the environment
/// and the command line, each overriding the one before.
public enum ConfigurationLoader {
    /// Config file lines read at most, so a wrong path to a huge file fails fast.
    static let maximumConfigFileLines = 10_000

    /// The environment variable that names the config file when --config is not given.
    static let configFileVariable = "ALLOT_CONFIG"

    /// Parses `arguments` (without the program name) and `environment`.
    public static func load(arguments: [String], environment: [String: String]) throws(ConfigurationError) -> ConfigurationRequest {
        let flags = try parseFlags(arguments)
        if flags.help { return .help(helpText()) }

        var configuration = ServerConfiguration()
        if let path = flags.configFile ?? environment[configFileVariable] {
            let entries = try readConfigFile(path)
            for (option, value, line) in entries {
                try apply(option, value, to: &configuration, source: "\(path) line \(line)")
            }
            if entries.contains(where: { !$0.0.allowsFlag }), let warning = try secretFileWarning(path) {
                configuration.warnings.append(warning)
            }
        }
        configuration.warnings += unknownVariableWarnings(environment)
        for option in ConfigurationOption.all {
            if let value = environment[option.environmentName] {
                try apply(option, value, to: &configuration, source: "environment variable \(option.environmentName)")
            }
        }
        for (option, value) in flags.values {
            try apply(option, value, to: &configuration, source: "--\(option.name)")
        }
        try checkAccount(configuration)
        return .run(configuration)
    }

    private static func apply(_ option: ConfigurationOption, _ value: String, to configuration: inout ServerConfiguration, source: String) throws(ConfigurationError) {
        guard let expected = option.apply(&configuration, value) else { return }
        guard option.allowsFlag else {
            // The value of a secret is never echoed.
            throw ConfigurationError("invalid \(option.name) from \(source): \(expected); the value is a secret, so it is not shown")
        }
        throw ConfigurationError("invalid \(option.name) \"\(value)\" from \(source): \(expected)")
    }

    /// Returns a warning when the config file at `path`, which contains a secret, is
    /// readable or writable by its group or other users.
    private static func secretFileWarning(_ path: String) throws(ConfigurationError) -> ConfigurationWarning? {
        let permissions: mode_t?
        do {
            permissions = try SystemCall.permissions(path)
        } catch {
            throw ConfigurationError("reading the permissions of config file \(path) failed: \(error.description)")
        }
        guard let permissions, permissions & 0o077 != 0 else { return nil }
        return ConfigurationWarning(
            message: "config file contains account-secret and is readable by other users",
            metadata: [("path", path), ("mode", String(permissions, radix: 8)), ("fix", "chmod 600")])
    }

    /// The variables that the `allot` command line reads, which a shell may set for both.
    static let clientVariables = ["ALLOT_SERVER", "ALLOT_CREDENTIALS"]

    /// Returns one warning per ALLOT_ environment variable that names no option, with the
    /// option it probably meant. Such a variable is most likely a misspelled option.
    private static func unknownVariableWarnings(_ environment: [String: String]) -> [ConfigurationWarning] {
        let known = ConfigurationOption.all.map(\.environmentName) + [configFileVariable] + clientVariables
        var warnings: [ConfigurationWarning] = []
        for name in environment.keys.sorted() where name.hasPrefix("ALLOT_") && !known.contains(name) {
            var metadata = [("variable", name)]
            if let nearest = NearestName.nearest(to: name, among: known) {
                metadata.append(("did_you_mean", nearest))
            }
            warnings.append(ConfigurationWarning(message: "environment variable names no option; it is ignored", metadata: metadata))
        }
        return warnings
    }

    private static func checkAccount(_ configuration: ServerConfiguration) throws(ConfigurationError) {
        switch (configuration.accountSID, configuration.accountSecret) {
        case (.some, nil):
            throw ConfigurationError("account-sid is set but account-secret is not; set ALLOT_ACCOUNT_SECRET or account-secret in the config file")
        case (nil, .some):
            throw ConfigurationError("account-secret is set but account-sid is not; set both or neither")
        default:
            return
        }
    }

    private struct Flags {
        var values: [(ConfigurationOption, String)] = []
        var configFile: String?
        var help = false
    }

    private static func parseFlags(_ arguments: [String]) throws(ConfigurationError) -> Flags {
        var flags = Flags()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--help" || argument == "-h" {
                flags.help = true
                continue
            }
            guard argument.hasPrefix("--") else {
                throw ConfigurationError("unexpected argument \"\(argument)\"; options start with --, see --help")
            }
            var name = String(argument.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            // The name is checked before the value, so that a mistyped option is reported as
            // unknown rather than as missing its value.
            let option = try flagOption(named: name)
            if value == nil {
                guard index < arguments.count else { throw ConfigurationError("--\(name) needs a value, see --help") }
                value = arguments[index]
                index += 1
            }
            guard let value else { continue }
            // A flag given twice is rejected, as a key set twice in the config file is, because
            // the value dropped in silence may be the intended one.
            if let option {
                if flags.values.contains(where: { $0.0.name == option.name }) {
                    throw ConfigurationError("--\(name) is given twice; keep one of the two")
                }
                flags.values.append((option, value))
            } else {
                if flags.configFile != nil { throw ConfigurationError("--config is given twice; keep one of the two") }
                flags.configFile = value
            }
        }
        return flags
    }

    /// Returns the option of the flag `--name`, or nil for --config. Throws for an unknown
    /// name and for a secret, which the command line would show to other users.
    private static func flagOption(named name: String) throws(ConfigurationError) -> ConfigurationOption? {
        if name == "config" { return nil }
        guard let option = ConfigurationOption.all.first(where: { $0.name == name }) else {
            let names = ConfigurationOption.all.map(\.name) + ["config"]
            let hint = NearestName.nearest(to: name, among: names).map { "did you mean --\($0)? " } ?? ""
            throw ConfigurationError("unknown option --\(name); \(hint)see --help for the list")
        }
        guard option.allowsFlag else {
            throw ConfigurationError("--\(name) is not accepted on the command line, where other users could read it; set \(option.environmentName) or \(name) in the config file")
        }
        return option
    }

    /// Reads `key = value` lines; blank lines and lines starting with # are skipped.
    private static func readConfigFile(_ path: String) throws(ConfigurationError) -> [(ConfigurationOption, String, Int)] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError("cannot read config file \(path): \(CredentialsFile.readFailure(error))")
        }
        var entries: [(ConfigurationOption, String, Int)] = []
        var seen: [String: Int] = [:]
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // The newline that ends the last line does not start another one.
        if lines.last?.isEmpty == true { lines.removeLast() }
        for (offset, rawLine) in lines.enumerated() {
            let number = offset + 1
            guard number <= maximumConfigFileLines else {
                throw ConfigurationError("config file \(path) has more than \(maximumConfigFileLines) lines")
            }
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigurationError("\(path) line \(number): expected key = value")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard let option = ConfigurationOption.all.first(where: { $0.name == key }) else {
                let hint = NearestName.nearest(to: key, among: ConfigurationOption.all.map(\.name)).map { "did you mean \"\($0)\"? " } ?? ""
                throw ConfigurationError("\(path) line \(number): unknown key \"\(key)\"; \(hint)see --help for the list")
            }
            if let first = seen[key] {
                throw ConfigurationError("\(path) line \(number): \(key) is already set on line \(first)")
            }
            seen[key] = number
            entries.append((option, value, number))
        }
        return entries
    }

    /// Returns the text that `--help` prints.
    public static func helpText() -> String {
        var lines = [
            "usage: allot-server [--config FILE] [options]",
            "",
            "Runs the Allot server in the foreground until SIGTERM or SIGINT.",
            "Each option can also be set by the environment variable shown, or as",
            "`name = value` in the file given by --config (or ALLOT_CONFIG).",
            "A flag overrides the environment, which overrides the file.",
            "",
            "  --config FILE",
            "      Config file with one `name = value` per line. A line that starts with # is a comment.",
        ]
        for option in ConfigurationOption.all {
            let flag = option.allowsFlag ? "--\(option.name) \(option.valueName)" : "\(option.name) = \(option.valueName)"
            lines.append("  \(flag)")
            lines.append("      \(option.help)")
            lines.append("      Allowed: \(option.allowedValues).")
            lines.append("      Environment: \(option.environmentName). Default: \(option.defaultText).")
        }
        lines.append("  --help")
        lines.append("      Prints this text.")
        return lines.joined(separator: "\n")
    }
}
