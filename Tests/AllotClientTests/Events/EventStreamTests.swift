@testable import AllotClient
import AllotTestSupport
import AllotWire
import Foundation
import Testing

@Suite struct EventStreamTests {
    /// Creates `count` tasks, each of which emits several events.
    func createTasks(_ count: Int, _ fixture: Fixture, over connection: AllotConnection) async throws {
        for index in 0..<count {
            _ = try await connection.createTask(in: fixture.workspaceSID, attributes: #"{"n": \#(index)}"#, workflowSID: fixture.workflow.sid)
        }
    }

    @Test func deliversEventsInSequenceOrder() async throws {
        let server = try ServerProcess()
        let connection = try await server.connect()
        let fixture = try await Fixture(connection)
        let stream = try await connection.events(workspace: fixture.workspaceSID)
        try await createTasks(3, fixture, over: connection)

        var iterator = stream.makeAsyncIterator()
        var created = 0
        var previous: UInt64?
        while created < 3, let event = try await iterator.next() {
            if let previous { #expect(event.sequence == previous + 1) }
            previous = event.sequence
            #expect(event.workspaceSID == fixture.workspaceSID)
            if event.eventType == "task.created" { created += 1 }
        }
        #expect(created == 3)
    }

    @Test func eventTypesFilterStream() async throws {
        let server = try ServerProcess()
        let connection = try await server.connect()
        let fixture = try await Fixture(connection)
        let stream = try await connection.events(workspace: fixture.workspaceSID, eventTypes: ["task.created"])
        try await createTasks(2, fixture, over: connection)
        var iterator = stream.makeAsyncIterator()
        let first = try await iterator.next()
        let second = try await iterator.next()
        #expect(first?.eventType == "task.created")
        #expect(second?.eventType == "task.created")
    }

    @Test func reconnectPastHeldEventsThrowsOutOfRange() async throws {
        let server = try ServerProcess(extraArguments: ["--event-ring-capacity", "16"])
        let producer = try await server.connect()
        let fixture = try await Fixture(producer)
        let consumer = try await server.connect()
        let stream = try await consumer.events(workspace: fixture.workspaceSID)
        var iterator = stream.makeAsyncIterator()
        try await createTasks(1, fixture, over: producer)
        let first = try #require(try await iterator.next())
        consumer.simulateConnectionLoss()
        // More events than the ring keeps happen while the stream is away.
        try await createTasks(20, fixture, over: producer)

        // Events that arrived before the loss come first, then the error.
        var sequences = [first.sequence]
        var thrown: AllotError?
        for _ in 0..<1_000 {
            do {
                guard let event = try await iterator.next() else { break }
                sequences.append(event.sequence)
            } catch {
                thrown = error as? AllotError
                break
            }
        }
        #expect(thrown?.code == .outOfRange)
        #expect(thrown?.field == "after_sequence")
        #expect(sequences == Array(first.sequence..<(first.sequence + UInt64(sequences.count))))
    }

    @Test func reconnectResumesWithoutLossOrRepeat() async throws {
        let server = try ServerProcess()
        let producer = try await server.connect()
        let fixture = try await Fixture(producer)
        let consumer = try await server.connect()
        let stream = try await consumer.events(workspace: fixture.workspaceSID)
        var iterator = stream.makeAsyncIterator()

        // Events before the drop, some still unread when it happens.
        try await createTasks(5, fixture, over: producer)
        var sequences: [UInt64] = []
        for _ in 0..<3 {
            if let event = try await iterator.next() { sequences.append(event.sequence) }
        }
        consumer.simulateConnectionLoss()
        // Events while the stream is disconnected.
        try await createTasks(5, fixture, over: producer)

        let lastPage = try await producer.listEvents(Wire.ListEventsRequest(workspaceSID: fixture.workspaceSID, pageSize: 1000))
        let newest = try #require(lastPage.events.map(\.sequence).max())
        while let last = sequences.last, last < newest, let event = try await iterator.next() {
            sequences.append(event.sequence)
        }
        #expect(consumer.isClosed)
        let first = try #require(sequences.first)
        #expect(sequences == Array(first...newest))
    }

    @Test func resumeAfterSequenceReplaysHeldEvents() async throws {
        let server = try ServerProcess()
        let connection = try await server.connect()
        let fixture = try await Fixture(connection)
        let live = try await connection.events(workspace: fixture.workspaceSID)
        let start = try #require(live.lastDeliveredSequence)
        try await createTasks(2, fixture, over: connection)

        let replay = try await connection.events(workspace: fixture.workspaceSID, after: start)
        var iterator = replay.makeAsyncIterator()
        let first = try await iterator.next()
        #expect(first?.sequence == start + 1)
    }

    @Test func closingConnectionEndsStream() async throws {
        let server = try ServerProcess()
        let connection = try await server.connect()
        let fixture = try await Fixture(connection)
        let stream = try await connection.events(workspace: fixture.workspaceSID)
        connection.close()
        var iterator = stream.makeAsyncIterator()
        let event = try await iterator.next()
        #expect(event == nil)
    }

    @Test func unknownWorkspaceIsRejected() async throws {
        let server = try ServerProcess()
        let connection = try await server.connect()
        let error = await #expect(throws: AllotError.self) {
            _ = try await connection.events(workspace: "WS" + String(repeating: "0", count: 32))
        }
        #expect(error?.code == .notFound)
    }
}
