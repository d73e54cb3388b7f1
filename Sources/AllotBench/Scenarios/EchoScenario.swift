import AllotClient
import AllotWire

/// Echo calls over the SDK: the same framing, codec and connection as
/// every other call, with no engine work. It is the floor the other
/// scenarios are compared with.
struct EchoScenario: Scenario {
    let name = "echo"
    let primaryMeasure = Measure.echo
    let rateCounter = CounterName.echoes
    let rateUnit = "calls"

    func run(_ run: ScenarioRun) async throws -> ScenarioOutcome {
        let target = try run.requireTarget()
        let options = run.options
        var connections: [AllotConnection] = []
        for _ in 0..<options.connections {
            connections.append(try await target.connect())
        }
        defer { connections.forEach { $0.close() } }
        let payload = Wire.Echo(payload: [UInt8](repeating: 0x61, count: options.payloadBytes))
        let recorder = run.recorder
        let window = run.beginLoad()
        await withDiscardingTaskGroup { group in
            for connection in connections {
                for _ in 0..<options.inFlight {
                    // Each lane makes at least one call, even when it starts
                    // after a starved machine has already closed the window.
                    group.addTask {
                        repeat {
                            let start = ContinuousClock.now
                            do {
                                _ = try await connection.echo(payload)
                                recorder.record(Measure.echo, .now - start)
                                recorder.count(CounterName.echoes)
                                recorder.count(CounterName.calls)
                            } catch {
                                recorder.countError(error)
                                return
                            }
                        } while ContinuousClock.now < window.end
                    }
                }
            }
        }
        run.endLoad()
        return ScenarioOutcome(settings: ["payload_bytes": "\(options.payloadBytes)"])
    }
}
