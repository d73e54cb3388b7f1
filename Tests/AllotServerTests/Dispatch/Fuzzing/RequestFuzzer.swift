@testable import AllotCore
@testable import AllotServer
import AllotWire
import Foundation
import Testing

/// Sends generated requests through `EngineHandler` in this process, as an
/// I/O thread of the server does, while moving the handler's clock by hand.
///
/// After every request and every clock move it checks every invariant of
/// the engine, that the reply is the response the request calls for or a
/// failure with a message, and that the reply encodes. A trap in the
/// engine or in the conversions stops the test process; run again with
/// `ALLOT_FUZZ_TRACE=1` to print each step before it runs.
final class RequestFuzzer {
    /// Two accounts, so that requests can name another account's workspaces.
    static let accounts = [
        Account(sid: "AC" + String(repeating: "1", count: 32), isAdministrator: true),
        Account(sid: "AC" + String(repeating: "2", count: 32), isAdministrator: false),
    ]
    /// Pushes a connection may have queued before it counts as too slow:
    /// small, so that a stalled reader reaches that path.
    static let maximumQueuedPushes = 64
    /// Start of the clock: 2024-05-15T00:00:00Z.
    static let startMilliseconds: Int64 = 1_715_731_200_000

    let seed: UInt64
    private(set) var statistics = FuzzStatistics()
    var generator: RequestGenerator
    private let engine: Engine
    private let handler: EngineHandler
    private let mailbox: Mailbox
    private var connections: [ConnectionHandle] = []
    private var nextConnectionID: UInt64 = 1
    private var clock = RequestFuzzer.startMilliseconds
    private var step = 0
    /// Steps left in which pushed frames are not read, as from a stalled client.
    private var stalledSteps = 0
    /// Per account, the workspaces its connection has subscribed to.
    var subscribedWorkspaces: [Set<String>] = RequestFuzzer.accounts.map { _ in [] }
    /// Workspaces whose activities were listed once, to learn which are available.
    var listedActivities: Set<String> = []
    /// Steps of `setupSteps` taken so far.
    var setupIndex = 0
    private let traces = ProcessInfo.processInfo.environment["ALLOT_FUZZ_TRACE"] != nil

    init(seed: UInt64, mailbox: Mailbox) {
        self.seed = seed
        self.mailbox = mailbox
        generator = RequestGenerator(seed: seed)
        engine = Engine(configuration: EngineConfiguration(shardCount: 4))
        handler = EngineHandler(engine: engine, logger: Logger(minimumLevel: .error))
        connections = Self.accounts.map(openConnection)
    }

    /// Runs `count` steps and returns false at the first failed check, which
    /// it records as an issue naming the seed and the step.
    func run(steps count: Int) -> Bool {
        for _ in 0..<count {
            step += 1
            // Clock moves take some of the steps, so the tour starts with room to spare.
            if count - step < 2 * Wire.ClientFrame.Request.fieldNames.count { generator.tourNextCase() }
            guard runStep() else { return false }
        }
        return true
    }

    private func runStep() -> Bool {
        if generator.values.chance(0.1) { return moveClock() }
        if generator.values.chance(0.005) {
            closeConnection(at: generator.values.int(in: 0...(connections.count - 1)))
            return true
        }
        if generator.values.chance(0.005) { stalledSteps = generator.values.int(in: 20...200) }
        generator.account = generator.values.chance(0.85) ? 0 : 1
        generator.now = clock

        let name: String
        let request: Wire.ClientFrame.Request
        if let setup = nextSetupRequest() {
            (name, request) = setup
        } else {
            name = generator.nextCaseName()
            guard let generated = generator.request(named: name) else {
                return fail("the generator has no case for request \(name)")
            }
            request = generated
        }

        statistics.sent[name, default: 0] += 1
        guard let dispatched = wireForm(of: request) else { return false }
        trace("\(Self.accounts[generator.account].sid) \(Self.describe(dispatched))")
        let connection = connections[generator.account]
        let context = CallContext(account: connection.account, callID: UInt64(step), deadline: nil, connection: connection)
        let started = ContinuousClock.now
        let outcome = handler.handle(dispatched, context: context, now: Timestamp(unixMilliseconds: clock))
        let elapsed = ContinuousClock.now - started
        if elapsed > statistics.slowestRequest.duration { statistics.slowestRequest = (elapsed, Self.describe(dispatched)) }

        guard check(outcome, of: dispatched) else { return false }
        engine.checkInvariants()
        return readPushes()
    }

    // MARK: Clock

    /// Moves the clock forward by a random amount, from milliseconds to
    /// decades, or back a little, or to an extreme, and fires due timers.
    private func moveClock() -> Bool {
        let day: Int64 = 86_400_000
        let roll = Double.random(in: 0..<1, using: &generator.values.random)
        let random = { (range: ClosedRange<Int64>) in Int64.random(in: range, using: &self.generator.values.random) }
        switch roll {
        case ..<0.6: clock = Self.moved(clock, by: random(0...2_000))
        case ..<0.8: clock = Self.moved(clock, by: random(2_000...60_000))
        case ..<0.89: clock = Self.moved(clock, by: random(60_000...1_800_000))
        case ..<0.93: clock = Self.moved(clock, by: random(1_800_000...(2 * day)))
        case ..<0.95: clock = Self.moved(clock, by: random((2 * day)...(40 * day)))
        case ..<0.97: clock = Self.moved(clock, by: -random(0...120_000))
        case ..<0.985: clock = Self.moved(clock, by: random((365 * day)...(36_500 * day)))
        case ..<0.995: clock = Self.startMilliseconds
        default: clock = generator.values.pick([Int64.max, Int64.max - 60_000, Int64.min, Int64.min + 60_000, 0, -2_208_988_800_000])
        }
        statistics.clockMoves += 1
        trace("clock \(clock)")
        handler.advance(to: WallClockInstant(unixMilliseconds: clock))
        engine.checkInvariants()
        return readPushes()
    }

    /// Returns `clock` moved by `delta`, stopping at the ends of `Int64`.
    private static func moved(_ clock: Int64, by delta: Int64) -> Int64 {
        let (sum, overflow) = clock.addingReportingOverflow(delta)
        guard overflow else { return sum }
        return delta < 0 ? Int64.min : Int64.max
    }

    // MARK: Connections

    private func openConnection(_ account: Account) -> ConnectionHandle {
        defer { nextConnectionID += 1 }
        return ConnectionHandle(id: nextConnectionID, account: account, peer: "fuzz", mailbox: mailbox,
                                maximumQueuedPushes: Self.maximumQueuedPushes)
    }

    /// Closes a connection as the I/O thread does when its client goes, and
    /// opens another for the same account.
    private func closeConnection(at index: Int) {
        let connection = connections[index]
        trace("close connection \(connection.id)")
        connection.isClosed.store(true, ordering: .releasing)
        handler.connectionClosed(connection)
        connections[index] = openConnection(connection.account)
        subscribedWorkspaces[index] = []
        statistics.connectionsClosed += 1
    }

    /// Takes the frames the handler pushed, as the connections' I/O thread
    /// does, unless the client is stalled. Closes a connection the handler
    /// found too slow.
    private func readPushes() -> Bool {
        if stalledSteps > 0 {
            stalledSteps -= 1
            return true
        }
        for item in mailbox.takeAll() {
            switch item {
            case .push(let connectionID, let payload):
                connections.first { $0.id == connectionID }?.queuedPushes.subtract(1, ordering: .relaxed)
                guard learnPushed(payload) else { return false }
            case .disconnect(let connectionID, _, _):
                if let index = connections.firstIndex(where: { $0.id == connectionID }) { closeConnection(at: index) }
            case .adopt, .complete, .stop, .accountsReloaded:
                return fail("the in-memory handler posted \(item) to the mailbox")
            }
        }
        return true
    }

    private func learnPushed(_ payload: [UInt8]) -> Bool {
        let frame: Wire.ServerFrame
        do {
            frame = try Wire.ServerFrame(serializedBytes: payload)
        } catch {
            return fail("a pushed frame does not decode: \(error)")
        }
        switch frame.response {
        case .eventPush(let push)?:
            statistics.eventsPushed += 1
            if let event = push.event { generator.pools.learn(event) }
        case .subscriptionEnded(let ended)?:
            generator.pools.forgetSubscription(ended.subscriptionID)
        default:
            return fail("a pushed frame carries \(frame.response?.fieldName ?? "no response")")
        }
        return true
    }

    // MARK: Counting

    func noteSuccess(_ name: String, response: Wire.ServerFrame.Response) {
        statistics.succeeded[name, default: 0] += 1
        generator.pools.learn(response, account: generator.account)
    }

    func noteFailure(_ failure: CallFailure, of request: Wire.ClientFrame.Request) {
        statistics.failuresByCode[failure.code.name, default: 0] += 1
        if failure.code == .notFound, let workspace = Self.workspaceSid(of: request) {
            generator.pools.forgetMissing(quotedIn: failure.message, workspace: workspace)
        }
    }

    /// Returns the `workspace_sid` field of a request, read by reflection so
    /// that no list of request cases is needed.
    static func workspaceSid(of request: Wire.ClientFrame.Request) -> String? {
        guard let payload = Mirror(reflecting: request).children.first?.value else { return nil }
        return Mirror(reflecting: payload).children.first { $0.label == "workspaceSID" }?.value as? String
    }

    func noteRequestWithNUL() {
        statistics.requestsWithNUL += 1
    }

    func noteRequestWithInvalidUTF8() {
        statistics.requestsWithInvalidUTF8 += 1
    }

    func noteReplyWithNUL() {
        statistics.repliesWithNUL += 1
    }

    // MARK: Failures

    /// Records a failed check with what reproduces it, and returns false.
    func fail(_ message: String) -> Bool {
        Issue.record("request fuzz seed 0x\(String(seed, radix: 16)), step \(step): \(message)")
        return false
    }

    func trace(_ line: String) {
        guard traces else { return }
        // Standard error is unbuffered, so the last line before a trap is not lost.
        FileHandle.standardError.write(Data("fuzz 0x\(String(seed, radix: 16)) step \(step): \(line)\n".utf8))
    }

    /// Returns the request as text, cut to a length that fits a test report.
    static func describe(_ request: Wire.ClientFrame.Request) -> String {
        let text = "\(request)"
        return text.count <= 600 ? text : String(text.prefix(600)) + "…"
    }
}
