import AllotCore
import AllotStorage
import AllotWire

/// One configuration option: its name (the flag without dashes, the config
/// file key, and the environment variable after ALLOT_), help text and parser.
struct ConfigurationOption: Sendable {
    let name: String
    let valueName: String
    /// Help text: the setting and its unit.
    let help: String
    let defaultText: String
    /// False for secrets, which the command line would expose to other users.
    let allowsFlag: Bool
    /// The values `apply` accepts, as `--help` and docs/configuration.md state them.
    let allowedValues: String
    /// The accepted range of an integer option; nil for other options.
    var range: ClosedRange<Int>? = nil
    /// Sets the value, or returns what was expected when the value is invalid.
    let apply: @Sendable (inout ServerConfiguration, String) -> String?

    /// The environment variable: ALLOT_ and the name in capitals.
    var environmentName: String {
        "ALLOT_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// Every option, in the order `--help` lists them.
    static let all: [ConfigurationOption] = [
        ConfigurationOption(
            name: "listen", valueName: "HOST:PORT",
            help: "Address for client connections. Port 0 picks a free port, printed in the \"listening\" log line.",
            defaultText: "127.0.0.1:7700", allowsFlag: true,
            allowedValues: "a numeric IPv4 HOST:PORT, localhost:PORT or [IPv6]:PORT, with PORT from 0 to 65535"
        ) { configuration, value in
            guard let address = SocketAddress(parsing: value) else { return "expected HOST:PORT with a numeric IPv4 host, localhost, or [IPv6]:PORT" }
            configuration.listenAddress = address
            return nil
        },
        ConfigurationOption(
            name: "metrics-listen", valueName: "HOST:PORT|off",
            help: "Address of the Prometheus metrics endpoint (HTTP GET /metrics) and the health checks (/healthz, /readyz), or off.",
            defaultText: "127.0.0.1:7701", allowsFlag: true,
            allowedValues: "HOST:PORT as for listen, or off"
        ) { configuration, value in
            if value == "off" {
                configuration.metricsAddress = nil
                return nil
            }
            guard let address = SocketAddress(parsing: value) else { return "expected HOST:PORT or off" }
            configuration.metricsAddress = address
            return nil
        },
        ConfigurationOption(
            name: "data-dir", valueName: "DIR",
            help: "Directory for the server's files; created with mode 0700 if missing. The local account's credentials.json lives here.",
            defaultText: "allot-data", allowsFlag: true,
            allowedValues: "a non-empty path"
        ) { configuration, value in
            guard !value.isEmpty else { return "expected a directory path" }
            configuration.dataDirectory = value
            return nil
        },
        integerOption("io-threads", help: "Threads that serve client connections.", range: 1...ServerLimits.maximumIOThreadCount, default: ServerLimits.defaultIOThreadCount) { $0.ioThreadCount = $1 },
        integerOption("max-connections", help: "Open client connections at most; further connections are told RESOURCE_EXHAUSTED and closed.", range: 1...1_000_000, default: ServerLimits.defaultMaximumConnections) { $0.maximumConnections = $1 },
        integerOption("max-frame-bytes", help: "Largest frame payload accepted or sent, in bytes.", range: 1_024...WireLimits.maximumConfigurableFrameBytes, default: WireLimits.defaultMaximumFrameBytes) { $0.maximumFrameBytes = $1 },
        integerOption("max-calls-in-flight", help: "Calls held per connection at most (received and not yet answered); more are answered RESOURCE_EXHAUSTED.", range: 1...1_000_000, default: ServerLimits.defaultMaximumCallsInFlight) { $0.maximumCallsInFlight = $1 },
        integerOption("max-output-bytes", help: "Bytes queued for one connection past which the server stops reading from it until they drain.", range: 1_024...(1 << 34), default: ServerLimits.defaultMaximumOutputBytes) { $0.maximumOutputBytes = $1 },
        integerOption("max-subscriber-lag-events", help: "Pushed events queued for one connection past which it is disconnected with RESOURCE_EXHAUSTED.", range: 1...100_000_000, default: ServerLimits.defaultMaximumSubscriberLagEvents) { $0.maximumSubscriberLagEvents = $1 },
        integerOption("keepalive-idle-seconds", help: "Silence on a client connection before TCP keepalive probes it, in seconds; a peer that answers none of \(ServerLimits.keepaliveProbeCount) probes, sent a third of this time apart, is disconnected. 0 turns probing off.", range: 0...7_200, default: ServerLimits.defaultKeepaliveIdleSeconds) { $0.keepaliveIdleSeconds = $1 },
        integerOption("hello-timeout-seconds", help: "Time a new connection gets to send a valid hello, in seconds. Past it the connection is told UNAUTHENTICATED and closed.", range: 1...3_600, default: ServerLimits.defaultHelloTimeoutSeconds) { $0.helloTimeoutSeconds = $1 },
        integerOption("tick-milliseconds", help: "Interval at which the timer thread advances the engine clock, in milliseconds.", range: 1...1_000, default: ServerLimits.defaultTickMilliseconds) { $0.tickMilliseconds = $1 },
        ConfigurationOption(
            name: "shards", valueName: "N",
            help: "Engine shards, each with its own lock; workspaces are spread over them by SID, so more shards let more cores work at once.",
            defaultText: "4 x cores = \(ServerLimits.defaultEngineShardCount)", allowsFlag: true,
            allowedValues: "1 to \(ServerLimits.maximumEngineShardCount)", range: 1...ServerLimits.maximumEngineShardCount
        ) { configuration, value in
            guard let number = Int(value), (1...ServerLimits.maximumEngineShardCount).contains(number) else {
                return "expected an integer from 1 to \(ServerLimits.maximumEngineShardCount)"
            }
            configuration.engineShardCount = number
            return nil
        },
        integerOption("event-ring-capacity", help: "Events kept per workspace, in number of events, for subscribers that resume by sequence number. Resuming from an older event fails with OUT_OF_RANGE.", range: 1...ServerLimits.maximumEventRingCapacity, default: EngineLimits().eventRingCapacity) { $0.eventRingCapacity = $1 },
        ConfigurationOption(
            name: "fsync", valueName: "POLICY",
            help: "When the journal is synced to disk: always (the reply to a change waits for the sync that covers it), "
                + "interval:MS (synced every MS milliseconds, answered once written to the operating system) or never "
                + "(synced only when a segment fills and at shutdown). README.md says what each can lose.",
            defaultText: "always", allowsFlag: true,
            allowedValues: "always, never or interval:MS with MS from 1 to \(ServerLimits.maximumSyncIntervalMilliseconds)"
        ) { configuration, value in
            guard let policy = syncPolicy(value) else {
                return "expected always, never or interval:MS with MS from 1 to \(ServerLimits.maximumSyncIntervalMilliseconds)"
            }
            configuration.syncPolicy = policy
            return nil
        },
        integerOption("snapshot-interval", help: "Seconds between snapshots of every workspace; 0 writes them only at shutdown and on request.", range: 0...86_400, default: ServerLimits.defaultSnapshotIntervalSeconds) { $0.snapshotIntervalSeconds = $1 },
        integerOption("shutdown-grace-seconds", help: "Time given to in-flight calls and unsent replies after SIGTERM or SIGINT, in seconds.", range: 0...3_600, default: ServerLimits.defaultShutdownGraceSeconds) { $0.shutdownGraceSeconds = $1 },
        ConfigurationOption(
            name: "log-level", valueName: "LEVEL",
            help: "Lowest level logged: debug, info, warning or error.",
            defaultText: "info", allowsFlag: true,
            allowedValues: "debug, info, warning or error"
        ) { configuration, value in
            guard let level = LogLevel(name: value) else { return "expected debug, info, warning or error" }
            configuration.logLevel = level
            return nil
        },
        ConfigurationOption(
            name: "account-sid", valueName: "SID",
            help: "SID of an account to accept (AC and 32 hex digits); needs account-secret. Without any account, the server creates one in credentials.json.",
            defaultText: "none", allowsFlag: true,
            allowedValues: "AC followed by 32 lowercase hex digits"
        ) { configuration, value in
            guard AccountSID.isValid(value) else { return "expected AC followed by 32 lowercase hex digits" }
            configuration.accountSID = value
            return nil
        },
        ConfigurationOption(
            name: "account-secret", valueName: "SECRET",
            help: "Secret of account-sid, at least 32 characters. Environment or config file only, never a flag, so that it stays out of the process list.",
            defaultText: "none", allowsFlag: false,
            allowedValues: "at least \(AccountSecret.minimumBytes) characters"
        ) { configuration, value in
            guard value.utf8.count >= AccountSecret.minimumBytes else { return "expected at least \(AccountSecret.minimumBytes) characters" }
            configuration.accountSecret = value
            return nil
        },
        ConfigurationOption(
            name: "accounts-file", valueName: "FILE",
            help: "JSON file with an array of accounts: {\"account_sid\": ..., \"secret\": ..., \"administrator\": true|false}.",
            defaultText: "none", allowsFlag: true,
            allowedValues: "a non-empty path"
        ) { configuration, value in
            guard !value.isEmpty else { return "expected a file path" }
            configuration.accountsFile = value
            return nil
        },
    ]

    /// Parses an `fsync` value: always, never or interval:MS.
    static func syncPolicy(_ text: String) -> JournalSyncPolicy? {
        switch text {
        case "always": return .always
        case "never": return .never
        default:
            guard text.hasPrefix("interval:"), let milliseconds = Int(text.dropFirst("interval:".count)),
                  (1...ServerLimits.maximumSyncIntervalMilliseconds).contains(milliseconds) else { return nil }
            return .interval(.milliseconds(milliseconds))
        }
    }

    private static func integerOption(
        _ name: String,
        help: String,
        range: ClosedRange<Int>,
        default defaultValue: Int,
        set: @escaping @Sendable (inout ServerConfiguration, Int) -> Void
    ) -> ConfigurationOption {
        ConfigurationOption(
            name: name, valueName: "N", help: help, defaultText: "\(defaultValue)", allowsFlag: true,
            allowedValues: "\(range.lowerBound) to \(range.upperBound)", range: range
        ) { configuration, value in
            guard let number = Int(value), range.contains(number) else {
                return "expected an integer from \(range.lowerBound) to \(range.upperBound)"
            }
            set(&configuration, number)
            return nil
        }
    }
}

extension JournalSyncPolicy {
    /// The policy as the `fsync` option spells it.
    package var optionText: String {
        switch self {
        case .always: "always"
        case .never: "never"
        case .interval(let period):
            "interval:\(period.components.seconds * 1_000 + period.components.attoseconds / 1_000_000_000_000_000)"
        }
    }
}
