import Testing
@testable import AllotCore

/// `SeenWorkers` keeps its first worker apart from the set of the others,
/// and must still report every worker as new exactly once.
@Suite struct SeenWorkersTests {
    @Test func firstWorkerSeenOnce() {
        var seen = SeenWorkers()
        let added = [seen.insert(WorkerHandle(3)), seen.insert(WorkerHandle(3))]
        #expect(added == [true, false])
    }

    @Test func laterWorkersSeenOnce() {
        var seen = SeenWorkers()
        let handles = [3, 5, 0, 5, 3, 0].map { WorkerHandle($0) }
        let added = handles.map { seen.insert($0) }
        #expect(added == [true, true, true, false, false, false])
    }
}
