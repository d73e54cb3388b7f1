import Testing
@testable import AllotCore

/// A reserved task whose attributes change keeps its reservation, and is routed again with
/// the new attributes once it waits again.
@Suite struct ReservedTaskUpdateTests {
    /// A workspace with a sales and a billing queue, one worker in each, and a workflow that
    /// sends each type to its queue. The sales worker has a reservation for a sales task whose
    /// type then changed to billing while the billing worker was offline.
    struct Scene {
        let fixture: EngineFixture
        let sales: String
        let billing: String
        let seller: String
        let biller: String
        let task: String

        init(stepTimeout: Int? = nil) throws {
            fixture = try EngineFixture(multiTaskEnabled: false)
            sales = try fixture.createQueue("Sales", targetWorkers: "team == 'sales'")
            billing = try fixture.createQueue("Billing", targetWorkers: "team == 'billing'")
            let timeout = stepTimeout.map { #","timeout":\#($0)"# } ?? ""
            try fixture.createWorkflow("""
                {"task_routing":{"filters":[
                  {"expression":"type == 'sales'","targets":[{"queue":"\(sales)"\(timeout)}]},
                  {"expression":"type == 'billing'","targets":[{"queue":"\(billing)"}]}]}}
                """)
            seller = try fixture.createWorker("seller", attributes: #"{"team":"sales"}"#)
            biller = try fixture.createWorker("biller", attributes: #"{"team":"billing"}"#, activity: "Offline")
            task = try fixture.createTask(#"{"type":"sales"}"#)
            try fixture.updateTask(task, UpdateTaskRequest(attributes: #"{"type":"billing"}"#))
            try fixture.setActivity(biller, "Available")
        }

        func pending() throws -> ReservationInfo {
            try #require(try fixture.pendingReservation(ofTask: task))
        }
    }

    @Test func updateKeepsReservationAndStep() throws {
        let scene = try Scene()
        #expect(try scene.fixture.task(scene.task).assignmentStatus == .reserved)
        #expect(try scene.fixture.task(scene.task).taskQueueSid == scene.sales)
        #expect(try scene.pending().workerSid == scene.seller)
        // The holder may still accept the task it was offered.
        try scene.fixture.accept(try scene.pending().sid)
        #expect(try scene.fixture.task(scene.task).assignmentStatus == .assigned)
    }

    @Test func rejectRoutesWithNewAttributes() throws {
        let scene = try Scene()
        try scene.fixture.reject(try scene.pending().sid)
        #expect(try scene.fixture.task(scene.task).taskQueueSid == scene.billing)
        #expect(try scene.pending().workerSid == scene.biller)
        #expect(scene.fixture.eventTypes.contains("task-queue.moved"))
    }

    @Test func reservationTimeoutRoutesWithNewAttributes() throws {
        let scene = try Scene()
        scene.fixture.advance(seconds: 121)
        #expect(try scene.fixture.task(scene.task).taskQueueSid == scene.billing)
        #expect(try scene.pending().workerSid == scene.biller)
    }

    @Test func stepTimeoutRoutesWithNewAttributes() throws {
        let scene = try Scene(stepTimeout: 30)
        scene.fixture.advance(seconds: 31)
        #expect(try scene.fixture.task(scene.task).taskQueueSid == scene.billing)
        #expect(try scene.pending().workerSid == scene.biller)
    }

    /// Without an attribute change, a rejected task stays in its step.
    @Test func rejectWithoutUpdateStaysInStep() throws {
        let fixture = try EngineFixture(multiTaskEnabled: false)
        let sales = try fixture.createQueue("Sales", targetWorkers: "team == 'sales'")
        try fixture.createCatchAllWorkflow(sales)
        try fixture.createWorker("seller", attributes: #"{"team":"sales"}"#)
        let task = try fixture.createTask(#"{"type":"sales"}"#)
        try fixture.reject(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        #expect(try fixture.task(task).taskQueueSid == sales)
        #expect(!fixture.eventTypes.contains("task-queue.moved"))
    }

    @Test func updateMatchingNoFilterIsRejected() throws {
        let scene = try Scene()
        #expect(throws: EngineError.self) {
            try scene.fixture.updateTask(scene.task, UpdateTaskRequest(attributes: #"{"type":"other"}"#))
        }
    }

    /// The pending re-route survives a snapshot.
    @Test func restoredTaskStillRoutesAgain() throws {
        let scene = try Scene()
        let copy = try ShardSnapshotTests.restoredCopy(of: scene.fixture.engine, shardCount: 2)
        let reservation = try scene.pending().sid
        _ = try copy.updateReservation(workspace: scene.fixture.workspace, sid: reservation,
                                       UpdateReservationRequest(reservationStatus: "rejected"),
                                       account: EngineFixture.account, now: scene.fixture.now)
        copy.checkInvariants()
        let task = try copy.fetchTask(workspace: scene.fixture.workspace, sid: scene.task, account: EngineFixture.account,
                                      now: scene.fixture.now)
        #expect(task.taskQueueSid == scene.billing)
    }
}
