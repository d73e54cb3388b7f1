import AllotClient
import AllotWire
import Foundation

extension WorkspaceApplier {
    mutating func applyQueues() async throws(ApplyError) {
        let ws = workspaceSID
        let existing = try await listAll("$.task_queues") { token async throws(AllotError) in
            let page = try await connection.listTaskQueues(Wire.ListTaskQueuesRequest(workspaceSID: ws, pageSize: 1000, pageToken: token))
            return (page.taskQueues, page.nextPageToken)
        }
        for queue in existing { queueSIDs[queue.friendlyName] = queue.sid }
        for queue in plan.queues {
            let reservationActivity = try activitySID(queue.reservationActivity, "\(queue.path).reservation_activity")
            let assignmentActivity = try activitySID(queue.assignmentActivity, "\(queue.path).assignment_activity")
            guard let found = existing.first(where: { $0.friendlyName == queue.friendlyName }) else {
                let created = try await step(queue.path) { () async throws(AllotError) in
                    try await connection.createTaskQueue(Wire.CreateTaskQueueRequest(
                        workspaceSID: ws, friendlyName: queue.friendlyName, targetWorkers: queue.targetWorkers,
                        reservationActivitySID: reservationActivity, assignmentActivitySID: assignmentActivity,
                        maxReservedWorkers: queue.maxReservedWorkers, taskOrder: queue.taskOrder))
                }
                queueSIDs[created.friendlyName] = created.sid
                record(.created, "task_queue", created.friendlyName, created.sid)
                continue
            }
            var request = Wire.UpdateTaskQueueRequest(workspaceSID: ws, taskQueueSID: found.sid)
            if found.targetWorkers != queue.targetWorkers { request.targetWorkers = queue.targetWorkers }
            if found.maxReservedWorkers != queue.maxReservedWorkers { request.maxReservedWorkers = queue.maxReservedWorkers }
            if found.taskOrder != queue.taskOrder { request.taskOrder = queue.taskOrder }
            if found.reservationActivitySID != reservationActivity { request.reservationActivitySID = reservationActivity }
            if found.assignmentActivitySID != assignmentActivity { request.assignmentActivitySID = assignmentActivity }
            if request == Wire.UpdateTaskQueueRequest(workspaceSID: ws, taskQueueSID: found.sid) {
                record(.unchanged, "task_queue", queue.friendlyName, found.sid)
                continue
            }
            _ = try await step(queue.path) { () async throws(AllotError) in try await connection.updateTaskQueue(request) }
            record(.updated, "task_queue", queue.friendlyName, found.sid)
        }
    }

    mutating func applyWorkflows() async throws(ApplyError) {
        let ws = workspaceSID
        let existing = try await listAll("$.workflows") { token async throws(AllotError) in
            let page = try await connection.listWorkflows(Wire.ListWorkflowsRequest(workspaceSID: ws, pageSize: 1000, pageToken: token))
            return (page.workflows, page.nextPageToken)
        }
        for workflow in plan.workflows {
            let resolved = try resolveQueues(workflow.configuration, path: workflow.configurationPath, substitutions: workflow.substitutions)
            guard let data = try? JSONSerialization.data(withJSONObject: resolved, options: [.sortedKeys, .withoutEscapingSlashes]) else {
                throw ApplyError(file: plan.file, path: workflow.configurationPath, message: "the configuration cannot be written as JSON")
            }
            let configuration = String(decoding: data, as: UTF8.self)
            guard let found = existing.first(where: { $0.friendlyName == workflow.friendlyName }) else {
                let created = try await step(workflow.path) { () async throws(AllotError) in
                    try await connection.createWorkflow(Wire.CreateWorkflowRequest(
                        workspaceSID: ws, friendlyName: workflow.friendlyName, configuration: configuration,
                        taskReservationTimeout: workflow.taskReservationTimeoutSeconds,
                        assignmentCallbackURL: workflow.assignmentCallbackURL ?? "",
                        fallbackAssignmentCallbackURL: workflow.fallbackAssignmentCallbackURL ?? ""))
                }
                record(.created, "workflow", created.friendlyName, created.sid)
                continue
            }
            var request = Wire.UpdateWorkflowRequest(workspaceSID: ws, workflowSID: found.sid)
            if !Self.sameJSON(found.configuration, resolved) { request.configuration = configuration }
            if found.taskReservationTimeout != workflow.taskReservationTimeoutSeconds { request.taskReservationTimeout = workflow.taskReservationTimeoutSeconds }
            if let url = workflow.assignmentCallbackURL, url != found.assignmentCallbackURL { request.assignmentCallbackURL = url }
            if let url = workflow.fallbackAssignmentCallbackURL, url != found.fallbackAssignmentCallbackURL { request.fallbackAssignmentCallbackURL = url }
            if request == Wire.UpdateWorkflowRequest(workspaceSID: ws, workflowSID: found.sid) {
                record(.unchanged, "workflow", workflow.friendlyName, found.sid)
                continue
            }
            _ = try await step(workflow.path) { () async throws(AllotError) in try await connection.updateWorkflow(request) }
            record(.updated, "workflow", workflow.friendlyName, found.sid)
        }
    }

    /// Replaces each "queue" value in a routing document: first through
    /// `substitutions`, then a friendly name by the queue's SID. SIDs stay.
    func resolveQueues(_ value: Any, path: String, substitutions: [String: String], depth: Int = 0) throws(ApplyError) -> Any {
        guard depth < Self.maximumDocumentDepth else {
            throw ApplyError(file: plan.file, path: path, message: "the document nests deeper than \(Self.maximumDocumentDepth) levels")
        }
        if let array = value as? [Any] {
            var output: [Any] = []
            for (index, element) in array.enumerated() {
                output.append(try resolveQueues(element, path: "\(path)[\(index)]", substitutions: substitutions, depth: depth + 1))
            }
            return output
        }
        guard var object = value as? [String: Any] else { return value }
        for (key, member) in object {
            if key == "queue", let reference = member as? String {
                object[key] = try queueSID(reference, path: "\(path).queue", substitutions: substitutions)
            } else {
                object[key] = try resolveQueues(member, path: "\(path).\(key)", substitutions: substitutions, depth: depth + 1)
            }
        }
        return object
    }

    private func queueSID(_ reference: String, path: String, substitutions: [String: String]) throws(ApplyError) -> String {
        let name = substitutions[reference] ?? reference
        if name.hasPrefix("WQ") && name.count == 34 { return name }
        if let sid = queueSIDs[name] { return sid }
        let known = queueSIDs.keys.sorted()
        let hint = if reference.hasPrefix("${") && substitutions[reference] == nil {
            "add it to the workflow's \"substitutions\" with the queue's friendly name"
        } else if known.isEmpty {
            "the file defines no task queues and the workspace has none; add the queue to \"task_queues\""
        } else {
            "add the queue to \"task_queues\" or use one of: \(known.joined(separator: ", "))"
        }
        throw ApplyError(file: plan.file, path: path, message: "no task queue named '\(name)'; \(hint)")
    }

    /// Nesting levels of a routing document walked at most; TaskRouter
    /// documents nest about six levels deep.
    static let maximumDocumentDepth = 64

    static func sameJSON(_ text: String, _ object: Any) -> Bool {
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else { return false }
        return NSDictionary(dictionary: ["v": parsed]).isEqual(NSDictionary(dictionary: ["v": object]))
    }
}
