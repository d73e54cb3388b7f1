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
            var errors: [ApplyError] = []
            let resolved = resolveQueues(workflow, errors: &errors)
            if let error = errors.first { throw error }
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

    /// Returns a workflow's routing document with its "queue" values
    /// replaced by SIDs, and adds an error for each one that names no queue.
    func resolveQueues(_ workflow: WorkspacePlan.WorkflowPlan, errors: inout [ApplyError]) -> Any {
        let resolver = QueueNameResolver(queueSIDs: queueSIDs, substitutions: workflow.substitutions)
        var problems: [QueueNameResolver.Problem] = []
        let resolved = resolver.resolve(workflow.configuration, path: workflow.configurationPath, problems: &problems)
        errors += problems.map(queueError)
        return resolved
    }

    /// Returns how a keyed map of queues would resolve `placeholder`, when it has the
    /// `${task_queues.KEY}` form, or an empty string.
    private func keyedQueueHint(_ placeholder: String) -> String {
        let prefix = "${task_queues.", suffix = "}"
        guard placeholder.hasPrefix(prefix), placeholder.hasSuffix(suffix), placeholder.count > prefix.count + suffix.count else { return "" }
        let key = placeholder.dropFirst(prefix.count).dropLast(suffix.count)
        return ", or write \"task_queues\" as a keyed map with a queue under the key \"\(key)\""
    }

    private func queueError(_ problem: QueueNameResolver.Problem) -> ApplyError {
        if problem.tooDeep {
            return ApplyError(file: plan.file, path: problem.path,
                              message: "the document nests deeper than \(QueueNameResolver.maximumDocumentDepth) levels")
        }
        let known = Array(queueSIDs.keys)
        // A workflow loaded from a published file cannot take its own
        // substitutions without editing that file, so the hint names the
        // file-wide map too. It lists no queues, because a published
        // workflow often has dozens of placeholders, each reported.
        let hint = if problem.unsubstituted {
            "add \"\(problem.name)\" to \"substitutions\" with a queue's friendly name, at the top of the workspace file "
                + "for every workflow or in this workflow's entry" + keyedQueueHint(problem.name)
        } else if known.isEmpty {
            "the file defines no task queues and the workspace has none; add the queue to \"task_queues\""
        } else if let match = NameSuggestion.caseInsensitiveMatch(problem.name, among: known) {
            "did you mean '\(match)'? Otherwise add the queue to \"task_queues\""
        } else {
            "add the queue to \"task_queues\" or use one of: \(NameSuggestion.listing(known))"
        }
        return ApplyError(file: plan.file, path: problem.path, message: "no task queue named '\(problem.name)'; \(hint)")
    }

    static func sameJSON(_ text: String, _ object: Any) -> Bool {
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else { return false }
        return NSDictionary(dictionary: ["v": parsed]).isEqual(NSDictionary(dictionary: ["v": object]))
    }
}
