/// The standard suite of `make bench`: a few minutes that cover the floor,
/// the engine's cycle under closed and open loop, and both traffic
/// profiles at 60 times real speed. Its settings are fixed so that runs
/// compare; --seed, --examples and the binary paths still apply.
enum StandardSuite {
    static func scenarios(_ options: BenchOptions) -> [(any Scenario, BenchOptions)] {
        func configured(_ choice: BenchOptions.ScenarioChoice, seconds: Int64, change: (inout BenchOptions) -> Void = { _ in }) -> (any Scenario, BenchOptions) {
            var scenarioOptions = options
            scenarioOptions.suite = nil
            scenarioOptions.scenario = choice
            scenarioOptions.duration = .seconds(seconds)
            scenarioOptions.warmUp = .seconds(2)
            scenarioOptions.jsonPath = nil
            scenarioOptions.csvPath = nil
            change(&scenarioOptions)
            return (BenchRunner.scenario(choice), scenarioOptions)
        }
        let examples = options.examplesDirectory
        return [
            configured(.echo, seconds: 10) { $0.connections = 2; $0.inFlight = 16 },
            configured(.throughput, seconds: 20) { $0.connections = 2; $0.inFlight = 16 },
            configured(.latency, seconds: 20) { $0.connections = 2; $0.rate = 500 },
            configured(.profile(name: "contact-centre", path: "\(examples)/\(BenchArguments.contactCentreProfile)"), seconds: 30) { $0.speed = 60 },
            configured(.profile(name: "helpline", path: "\(examples)/\(BenchArguments.helplineProfile)"), seconds: 30) { $0.speed = 60 },
        ]
    }
}
