import Testing
@testable import AllotCore

/// A workspace keeps a record per pending task and per worker, so their
/// sizes are part of the memory per task and per worker. These bounds catch
/// a field added in a place that opens padding.
@Suite struct RecordLayoutTests {
    @Test func taskRecordFitsItsBudget() {
        #expect(MemoryLayout<TaskRecord>.stride <= 248)
    }

    @Test func workerRecordFitsItsBudget() {
        #expect(MemoryLayout<WorkerRecord>.stride <= 416)
    }
}
