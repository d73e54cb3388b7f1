import AllotCore
import AllotPersistence
import AllotWire
import Foundation

extension EngineHandler {
    /// Writes a snapshot on a background thread and completes the call when it is written.
    /// The server has already checked that the caller is an administrator.
    func saveSnapshot(_ context: CallContext) -> CallOutcome {
        guard let durable else {
            return .failure(CallFailure(.unimplemented, "snapshot_save is not available: this server keeps its workspaces "
                                            + "in memory only", field: "snapshot_save"))
        }
        let connection = context.connection
        let callID = context.callID
        let logger = self.logger
        let metrics = persistenceMetrics
        let thread = Thread {
            BackgroundPriority.lowerCurrentThread()
            do {
                let report = try durable.snapshotNow(createdAt: Timestamp(WallClockInstant.now()))
                metrics?.recordSnapshotWritten(report, at: WallClockInstant.now())
                logger.log(.info, "wrote a snapshot", report.logMetadata)
                let saved = Wire.SnapshotSaved(
                    path: report.path, journalSequence: report.coveredSequence, sizeBytes: report.header.expectedFileBytes,
                    durationMicroseconds: UInt64(max(0, report.writeDuration.microseconds)))
                connection.complete(callID: callID, with: .response(.snapshotSaved(saved)))
            } catch {
                metrics?.recordSnapshotFailed()
                logger.error("snapshot failed", ("error", "\(error)"))
                connection.complete(callID: callID, with: .failure(CallFailure(
                    .internal, "the snapshot could not be written: \(error)", field: "snapshot_save")))
            }
        }
        thread.name = "allot-snapshot-save"
        thread.start()
        return .deferred
    }
}

extension SnapshotReport {
    /// The report's values as log metadata.
    package var logMetadata: [(String, String)] {
        DurableEngineEvent.snapshotWritten(self).metadata
    }
}

extension Duration {
    /// Whole microseconds, truncated.
    var microseconds: Int64 {
        components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000
    }
}
