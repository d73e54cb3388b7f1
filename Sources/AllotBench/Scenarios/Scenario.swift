/// One kind of load: it sets up what it needs, runs between
/// `ScenarioRun.beginLoad()` and `endLoad()`, and records into the run's recorder.
protocol Scenario: Sendable {
    /// The name in reports, such as "throughput".
    var name: String { get }
    /// The measure shown in the progress line and the timeline.
    var primaryMeasure: String { get }
    /// The counter that is the achieved rate.
    var rateCounter: String { get }
    /// The rate's unit in reports, such as "cycles".
    var rateUnit: String { get }

    /// Sets up, runs the load and returns what the recorder does not hold.
    func run(_ run: ScenarioRun) async throws -> ScenarioOutcome
}

/// What a scenario reports besides latencies and counters.
struct ScenarioOutcome: Sendable {
    /// How the scenario was set up, such as "workers_per_connection": "16".
    var settings: [String: String] = [:]
    /// Operator figures per queue, for traffic profiles.
    var queues: [QueueFigures] = []
    /// Figures over all queues, for traffic profiles.
    var overall: QueueFigures?
}
