import Foundation

/// beanstalkd's put, reserve and delete cycle, the peer of Allot's
/// create, reserve, accept and complete cycle: `--connections`
/// connections, each with `--in-flight` jobs in flight. Each round sends
/// `--in-flight` puts in one write, then as many reserves, then the
/// deletes, and reads the replies in order, because beanstalkd replies to a
/// connection's commands in the order they came.
struct BeanstalkdScenario: Scenario {
    let name = "beanstalkd"
    let primaryMeasure = Measure.cycle
    let rateCounter = CounterName.cycles
    let rateUnit = "cycles"

    func run(_ run: ScenarioRun) async throws -> ScenarioOutcome {
        guard let address = run.options.server else { throw BenchFailure("--peer beanstalkd needs --server HOST:PORT") }
        let options = run.options
        var connections: [BeanstalkdConnection] = []
        for _ in 0..<options.connections {
            connections.append(try BeanstalkdConnection(host: address.host, port: address.port))
        }
        let body = [UInt8](repeating: 0x61, count: options.payloadBytes)
        let failures = Locked<[String]>([])
        let window = run.beginLoad()
        let recorder = run.recorder
        let done = DispatchGroup()
        for connection in connections {
            let box = ConnectionBox(connection)
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                do {
                    repeat {
                        try Self.round(box.connection, jobs: options.inFlight, body: body, recorder: recorder)
                    } while ContinuousClock.now < window.end
                } catch {
                    recorder.countError(error)
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        await withCheckedContinuation { continuation in
            done.notify(queue: .global()) { continuation.resume() }
        }
        run.endLoad()
        if let failure = failures.withLock({ $0.first }) {
            throw BenchFailure(failure)
        }
        return ScenarioOutcome(settings: ["payload_bytes": "\(options.payloadBytes)"])
    }

    /// Runs one pipelined round of `jobs` puts, reserves and deletes.
    private static func round(_ connection: BeanstalkdConnection, jobs: Int, body: [UInt8], recorder: Recorder) throws(BenchFailure) {
        let start = ContinuousClock.now
        var puts: [UInt8] = []
        for _ in 0..<jobs {
            puts += Array("put 1024 0 60 \(body.count)\r\n".utf8) + body + [13, 10]
        }
        try connection.send(puts)
        for _ in 0..<jobs {
            let reply = try connection.readLine()
            guard reply.hasPrefix("INSERTED ") else { throw BenchFailure("beanstalkd replied to put with '\(reply)'") }
            recorder.record(Measure.beanstalkdPut, .now - start)
        }

        let reserveStart = ContinuousClock.now
        try connection.send(Array(String(repeating: "reserve-with-timeout 5\r\n", count: jobs).utf8))
        var ids: [String] = []
        for _ in 0..<jobs {
            let reply = try connection.readLine()
            let fields = reply.split(separator: " ")
            guard fields.count == 3, fields[0] == "RESERVED", let size = Int(fields[2]), size <= BeanstalkdConnection.receiveChunkBytes else {
                throw BenchFailure("beanstalkd replied to reserve with '\(reply)'")
            }
            try connection.skipBody(size)
            ids.append(String(fields[1]))
            recorder.record(Measure.beanstalkdReserve, .now - reserveStart)
        }

        let deleteStart = ContinuousClock.now
        try connection.send(Array(ids.map { "delete \($0)\r\n" }.joined().utf8))
        for _ in 0..<jobs {
            let reply = try connection.readLine()
            guard reply == "DELETED" else { throw BenchFailure("beanstalkd replied to delete with '\(reply)'") }
            let now = ContinuousClock.now
            recorder.record(Measure.beanstalkdDelete, now - deleteStart)
            recorder.record(Measure.cycle, now - start)
        }
        recorder.count(CounterName.calls, by: UInt64(3 * jobs))
        recorder.count(CounterName.cycles, by: UInt64(jobs))
    }
}

/// Hands one connection to the thread that uses it, and only to it.
private final class ConnectionBox: @unchecked Sendable {
    let connection: BeanstalkdConnection

    init(_ connection: BeanstalkdConnection) {
        self.connection = connection
    }
}
