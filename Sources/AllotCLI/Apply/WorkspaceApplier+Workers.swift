import AllotClient
import AllotWire
import Foundation

extension WorkspaceApplier {
    mutating func applyWorkers() async throws(ApplyError) {
        let ws = workspaceSID
        let connection = connection
        let existing = try await listAll("$.workers") { token async throws(AllotError) in
            let page = try await connection.listWorkers(Wire.ListWorkersRequest(workspaceSID: ws, pageSize: 1000, pageToken: token))
            return (page.workers, page.nextPageToken)
        }
        for worker in plan.workers {
            guard let data = try? JSONSerialization.data(withJSONObject: worker.attributes, options: [.sortedKeys, .withoutEscapingSlashes]) else {
                throw ApplyError(file: plan.file, path: "\(worker.path).attributes", message: "the attributes cannot be written as JSON")
            }
            let attributes = String(decoding: data, as: UTF8.self)
            let activity = try worker.activity.map { name throws(ApplyError) in try activitySID(name, "\(worker.path).activity") }
            var action = ApplyChange.Action.unchanged
            let sid: String
            if let listed = existing.first(where: { $0.friendlyName.lowercased() == worker.friendlyName.lowercased() }) {
                sid = listed.sid
                let current = try await step(worker.path) { () async throws(AllotError) in
                    try await connection.fetchWorker(Wire.FetchWorkerRequest(workspaceSID: ws, workerSID: listed.sid))
                }
                var request = Wire.UpdateWorkerRequest(workspaceSID: ws, workerSID: sid)
                if !Self.sameJSON(current.attributes, worker.attributes) { request.attributes = attributes }
                if let activity, activity != current.activitySID { request.activitySID = activity }
                if request != Wire.UpdateWorkerRequest(workspaceSID: ws, workerSID: sid) {
                    _ = try await step(worker.path) { () async throws(AllotError) in try await connection.updateWorker(request) }
                    action = .updated
                }
            } else {
                let created = try await step(worker.path) { () async throws(AllotError) in
                    try await connection.createWorker(Wire.CreateWorkerRequest(workspaceSID: ws, friendlyName: worker.friendlyName, activitySID: activity ?? "", attributes: attributes))
                }
                sid = created.sid
                action = .created
            }
            if try await applyChannels(of: worker, sid: sid), action == .unchanged { action = .updated }
            record(action, "worker", worker.friendlyName, sid)
        }
    }

    /// Sets the worker's channel capacities; returns whether any changed.
    private func applyChannels(of worker: WorkspacePlan.WorkerPlan, sid: String) async throws(ApplyError) -> Bool {
        let ws = workspaceSID
        let connection = connection
        var changed = false
        for channel in worker.channels {
            let current = try await step(channel.path) { () async throws(AllotError) in
                try await connection.fetchWorkerChannel(Wire.FetchWorkerChannelRequest(workspaceSID: ws, workerSID: sid, workerChannel: channel.uniqueName))
            }
            var request = Wire.UpdateWorkerChannelRequest(workspaceSID: ws, workerSID: sid, workerChannel: current.sid)
            if let capacity = channel.capacity, capacity != current.configuredCapacity { request.capacity = capacity }
            if let available = channel.available, available != current.available { request.available = available }
            guard request != Wire.UpdateWorkerChannelRequest(workspaceSID: ws, workerSID: sid, workerChannel: current.sid) else { continue }
            _ = try await step(channel.path) { () async throws(AllotError) in try await connection.updateWorkerChannel(request) }
            changed = true
        }
        return changed
    }
}
