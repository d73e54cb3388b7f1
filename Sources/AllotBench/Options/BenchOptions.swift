/// The command line of allot-bench, parsed and checked.
struct BenchOptions: Sendable, Equatable {
    /// The kind of load one run applies.
    enum ScenarioChoice: Sendable, Equatable {
        /// Echo calls: the floor of a round trip over the same framing.
        case echo
        /// Closed-loop create, reserve, accept and complete cycles.
        case throughput
        /// Cycles started at a fixed open-loop rate.
        case latency
        /// Simulated agents and arrivals from a traffic profile; `name` is
        /// "contact-centre", "helpline" or the profile's file name.
        case profile(name: String, path: String)

        var name: String {
            switch self {
            case .echo: "echo"
            case .throughput: "throughput"
            case .latency: "latency"
            case .profile(let name, _): name
            }
        }
    }

    /// The address of a server to drive; nil starts a local allot-server.
    var server: ServerAddress?
    var credentialsPath: String?
    var scenario: ScenarioChoice?
    /// A named suite of scenarios instead of one: "standard".
    var suite: String?
    /// A peer to measure instead of Allot: "beanstalkd".
    var peer: String?
    var duration = Duration.seconds(30)
    var warmUp = Duration.zero
    /// Tasks per second of simulated time (profiles) or cycles per second
    /// (latency); nil uses the profile's or the scenario's default.
    var rate: Double?
    var speed = 1.0
    var connections = 1
    var inFlight = 16
    /// Workers per workspace for throughput and latency; nil picks a default.
    var workers: Int?
    /// Connections the simulated agents share; 0 gives each agent its own.
    var agentConnections = 0
    var payloadBytes = 32
    var seed: UInt64 = 1
    var jsonPath: String?
    var csvPath: String?
    var quiet = false
    /// Keeps the workspaces a run creates on a --server server; by default
    /// they are deleted at the end of each scenario.
    var keepWorkspace = false
    /// The allot binary used to apply workspace files; nil looks beside allot-bench.
    var allotPath: String?
    /// The allot-server binary started when no --server is given.
    var serverPath: String?
    /// The started server's journal sync policy (always, never or
    /// interval:MS); nil keeps the server's default, always.
    var serverFsync: String?
    /// Where built-in scenarios find their profiles.
    var examplesDirectory = "examples"

    /// Wait for a new connection's hello reply before giving up on the server.
    var connectTimeout = defaultConnectTimeout

    /// A few seconds: a loopback allot-server replies in milliseconds, and
    /// the SDK's default call timeout of 30 s made a silent port look like
    /// an overloaded server.
    static let defaultConnectTimeout = Duration.seconds(5)

    /// Default rate of the latency scenario, in cycles per second.
    static let defaultLatencyRate = 200.0
}

/// A server address, `HOST:PORT`.
struct ServerAddress: Sendable, Equatable, CustomStringConvertible {
    var host: String
    var port: UInt16

    var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
