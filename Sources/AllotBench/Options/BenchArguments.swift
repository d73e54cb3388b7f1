import AllotCore
import Foundation

/// An invalid command line: the message names the value and the fix, and
/// the program exits with status 2.
struct ArgumentError: Error, Equatable, CustomStringConvertible {
    let message: String

    var description: String { message }
}

/// Parses allot-bench's command line into `BenchOptions`.
enum BenchArguments {
    /// Options that take a value.
    static let valueOptions: Set<String> = [
        "server", "credentials", "scenario", "suite", "peer", "duration", "warm-up", "rate", "speed",
        "connections", "in-flight", "workers", "agent-connections", "payload-bytes", "seed",
        "json", "csv", "allot", "allot-server", "examples", "server-fsync", "connect-timeout",
    ]
    /// Options without a value.
    static let flagOptions: Set<String> = ["quiet", "help", "keep-workspace"]

    /// Result of parsing: options to run, or a request for the help text.
    enum Parsed: Equatable {
        case run(BenchOptions)
        case help
    }

    /// Parses `arguments` (without the program name).
    static func parse(_ arguments: [String]) throws(ArgumentError) -> Parsed {
        var values: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--") else {
                throw ArgumentError(message: "unexpected argument '\(argument)'; options start with --, see allot-bench --help")
            }
            var name = String(argument.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if flagOptions.contains(name) {
                guard value == nil else { throw ArgumentError(message: "--\(name) takes no value; remove '=\(value ?? "")'") }
                if name == "help" { return .help }
                values[name] = ""
            } else if valueOptions.contains(name) {
                if value == nil {
                    index += 1
                    guard index < arguments.count else { throw ArgumentError(message: "--\(name) needs a value; see allot-bench --help") }
                    value = arguments[index]
                }
                values[name] = value
            } else {
                throw ArgumentError(message: "unknown option --\(name); see allot-bench --help for the options")
            }
            index += 1
        }
        let options = try options(from: values)
        try checkUsed(Set(values.keys), by: options)
        return .run(options)
    }

    /// The load options each scenario reads; every other option applies to
    /// all runs.
    static let scenarioOptions: [String: Set<String>] = [
        "echo": ["connections", "in-flight", "payload-bytes"],
        "throughput": ["connections", "in-flight", "workers"],
        "latency": ["connections", "rate", "workers"],
        "profile": ["connections", "rate", "speed", "agent-connections"],
        "beanstalkd": ["connections", "in-flight", "payload-bytes"],
        // The standard suite fixes the others so that its runs compare.
        "standard": ["workers", "agent-connections", "payload-bytes"],
    ]

    /// Rejects a load option the selected scenario, suite or peer does not
    /// read, which would otherwise be ignored without a word.
    private static func checkUsed(_ given: Set<String>, by options: BenchOptions) throws(ArgumentError) {
        let loadOptions = scenarioOptions.values.reduce(into: Set<String>()) { $0.formUnion($1) }
            .union(["duration", "warm-up"])
        let label: String
        let key: String
        switch options.scenario {
        case .profile(let name, _)?:
            label = "--scenario \(name)"
            key = "profile"
        case let choice?:
            label = "--scenario \(choice.name)"
            key = choice.name
        case nil:
            label = options.suite.map { "--suite \($0)" } ?? "--peer \(options.peer ?? "")"
            key = options.suite ?? options.peer ?? ""
        }
        var used = scenarioOptions[key] ?? []
        if key != "standard" { used.formUnion(["duration", "warm-up"]) }
        if let unused = given.intersection(loadOptions).subtracting(used).sorted().first {
            throw ArgumentError(message: "\(label) does not use --\(unused); remove it (it applies to \(appliesTo(unused)))")
        }
    }

    /// Names the runs that read `option`, for the message of `checkUsed`.
    private static func appliesTo(_ option: String) -> String {
        let users = scenarioOptions.filter { $0.value.contains(option) && $0.key != "standard" }.keys.sorted()
        return users.isEmpty ? "single scenarios, not the suite" : users.map { $0 == "profile" ? "traffic profiles" : $0 }.joined(separator: ", ")
    }

    private static func options(from values: [String: String]) throws(ArgumentError) -> BenchOptions {
        var options = BenchOptions()
        options.server = try values["server"].map { text throws(ArgumentError) in try address(text) }
        options.credentialsPath = values["credentials"]
        options.examplesDirectory = values["examples"] ?? options.examplesDirectory
        options.scenario = try values["scenario"].map { text throws(ArgumentError) in try scenario(text, examples: options.examplesDirectory) }
        options.suite = values["suite"]
        options.peer = values["peer"]
        options.duration = try values["duration"].map { text throws(ArgumentError) in try duration(text, option: "duration") } ?? options.duration
        options.warmUp = try values["warm-up"].map { text throws(ArgumentError) in try duration(text, option: "warm-up", allowZero: true) } ?? options.warmUp
        options.connectTimeout = try values["connect-timeout"].map { text throws(ArgumentError) in try duration(text, option: "connect-timeout") } ?? options.connectTimeout
        options.rate = try values["rate"].map { text throws(ArgumentError) in try number(text, option: "rate", range: 0.001...BenchLimits.maximumRealRatePerSecond) }
        options.speed = try values["speed"].map { text throws(ArgumentError) in try number(text, option: "speed", range: 1...BenchLimits.maximumSpeed) } ?? options.speed
        options.connections = try integer(values["connections"], option: "connections", range: 1...BenchLimits.maximumConnections) ?? options.connections
        options.inFlight = try integer(values["in-flight"], option: "in-flight", range: 1...BenchLimits.maximumInFlightPerConnection) ?? options.inFlight
        options.workers = try integer(values["workers"], option: "workers", range: 1...BenchLimits.maximumWorkers)
        options.agentConnections = try integer(values["agent-connections"], option: "agent-connections", range: 0...BenchLimits.maximumConnections) ?? 0
        options.payloadBytes = try integer(values["payload-bytes"], option: "payload-bytes", range: 0...BenchLimits.maximumEchoPayloadBytes) ?? options.payloadBytes
        if let seed = values["seed"] {
            guard let parsed = UInt64(seed) else { throw ArgumentError(message: "invalid --seed '\(seed)': expected a whole number from 0 to \(UInt64.max)") }
            options.seed = parsed
        }
        options.jsonPath = values["json"]
        options.csvPath = values["csv"]
        options.quiet = values["quiet"] != nil
        options.keepWorkspace = values["keep-workspace"] != nil
        options.allotPath = values["allot"]
        options.serverPath = values["allot-server"]
        options.serverFsync = try values["server-fsync"].map { text throws(ArgumentError) in try fsyncPolicy(text) }
        try check(options)
        return options
    }

    /// Checks the combinations the single options cannot.
    private static func check(_ options: BenchOptions) throws(ArgumentError) {
        let modes = [options.scenario != nil, options.suite != nil, options.peer != nil].filter { $0 }.count
        guard modes == 1 else {
            throw ArgumentError(message: "give exactly one of --scenario, --suite or --peer, for example --scenario throughput")
        }
        if let suite = options.suite {
            guard suite == "standard" else { throw ArgumentError(message: "unknown --suite '\(suite)': expected standard") }
            for (scenario, file) in builtInProfiles.sorted(by: { $0.key < $1.key }) {
                try checkExamples("\(options.examplesDirectory)/\(file)", examples: options.examplesDirectory, scenario: scenario)
            }
        }
        if let peer = options.peer {
            guard peer == "beanstalkd" else { throw ArgumentError(message: "unknown --peer '\(peer)': expected beanstalkd") }
            guard options.server != nil else {
                throw ArgumentError(message: "--peer beanstalkd needs --server HOST:PORT of a running beanstalkd")
            }
        }
        if options.serverFsync != nil, options.server != nil || options.peer != nil {
            throw ArgumentError(message: "--server-fsync sets the server allot-bench starts; drop --server (or --peer) to start one, or drop --server-fsync")
        }
        guard options.warmUp < options.duration else {
            throw ArgumentError(message: "--warm-up \(options.warmUp) must be shorter than --duration \(options.duration)")
        }
    }

    /// Parses `HOST:PORT`, accepting `[::1]:7700`.
    static func address(_ text: String) throws(ArgumentError) -> ServerAddress {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]), port > 0 else {
            throw ArgumentError(message: "invalid --server '\(text)': expected HOST:PORT, for example 127.0.0.1:7700")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else {
            throw ArgumentError(message: "invalid --server '\(text)': the host is missing; expected HOST:PORT")
        }
        return ServerAddress(host: host, port: port)
    }

    /// Checks a journal sync policy as allot-server's --fsync takes it.
    static func fsyncPolicy(_ text: String) throws(ArgumentError) -> String {
        if text == "always" || text == "never" { return text }
        if text.hasPrefix("interval:"), let milliseconds = Int(text.dropFirst("interval:".count)), milliseconds > 0 { return text }
        throw ArgumentError(message: "invalid --server-fsync '\(text)': expected always, never or interval:MS, such as interval:10")
    }

    /// Maps a scenario name to a choice; any other value is a traffic profile path.
    static func scenario(_ text: String, examples: String) throws(ArgumentError) -> BenchOptions.ScenarioChoice {
        switch text {
        case "echo": return .echo
        case "throughput": return .throughput
        case "latency": return .latency
        case "contact-centre", "helpline":
            let path = "\(examples)/\(builtInProfiles[text] ?? "")"
            try checkExamples(path, examples: examples, scenario: text)
            return .profile(name: text, path: path)
        default:
            let looksLikePath = text.contains("/") || text.hasSuffix(".json")
            guard FileManager.default.fileExists(atPath: text) else {
                if looksLikePath {
                    throw ArgumentError(message: "invalid --scenario '\(text)': no such file; give the path of a traffic profile, or one of contact-centre, helpline, throughput, latency, echo")
                }
                let names = ["contact-centre", "helpline", "throughput", "latency", "echo"]
                let hint = NearestName.nearest(to: text, among: names).map { "did you mean '\($0)'? " } ?? ""
                throw ArgumentError(message: "unknown --scenario '\(text)': \(hint)expected contact-centre, helpline, throughput, latency, echo or the path of a traffic profile file")
            }
            let name = ((text as NSString).lastPathComponent as NSString).deletingPathExtension
            return .profile(name: name, path: text)
        }
    }

    /// The profile files of the built-in scenarios, relative to --examples.
    static let contactCentreProfile = "contact-centre.traffic.json"
    static let helplineProfile = "helpline/traffic.json"
    static let builtInProfiles = ["contact-centre": contactCentreProfile, "helpline": helplineProfile]

    /// Rejects a built-in scenario whose profile is not under --examples,
    /// as when allot-bench runs outside the repository.
    static func checkExamples(_ path: String, examples: String, scenario: String) throws(ArgumentError) {
        guard !FileManager.default.fileExists(atPath: path) else { return }
        throw ArgumentError(message: "the \(scenario) scenario's profile \(path) does not exist; run from the repository root or pass --examples DIR, the repository's examples folder")
    }

    /// Parses a duration such as 30s, 500ms, 2m or 1h; a bare number is seconds.
    static func duration(_ text: String, option: String, allowZero: Bool = false) throws(ArgumentError) -> Duration {
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3_600)]
        var number = Substring(text)
        var scale = 1.0
        for unit in units where text.hasSuffix(unit.suffix) {
            number = text.dropLast(unit.suffix.count)
            scale = unit.seconds
            break
        }
        let maximum = Double(BenchLimits.maximumDuration.components.seconds)
        guard let value = Double(number), value.isFinite, value >= 0, value * scale <= maximum, allowZero || value > 0 else {
            throw ArgumentError(message: "invalid --\(option) '\(text)': expected a \(allowZero ? "" : "positive ")number of seconds, or a number with a unit such as 30s, 500ms or 2m, at most 24h")
        }
        let duration = Duration.milliseconds(Int64((value * scale * 1_000).rounded()))
        guard allowZero || duration > .zero else {
            throw ArgumentError(message: "invalid --\(option) '\(text)': shorter than a millisecond; give at least 1ms")
        }
        return duration
    }

    private static func number(_ text: String, option: String, range: ClosedRange<Double>) throws(ArgumentError) -> Double {
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw ArgumentError(message: "invalid --\(option) '\(text)': expected a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    private static func integer(_ text: String?, option: String, range: ClosedRange<Int>) throws(ArgumentError) -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw ArgumentError(message: "invalid --\(option) '\(text)': expected a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}
