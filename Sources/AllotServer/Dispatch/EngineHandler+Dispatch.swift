import AllotCore
import AllotWire

extension EngineHandler {
    /// Routes a request to the function for its resource. The switch is
    /// exhaustive, so a request added to the .proto must be placed here.
    func respond(to request: Wire.ClientFrame.Request, context: CallContext, now: Timestamp) throws(EngineError) -> CallOutcome {
        switch request {
        case .hello:
            return .failure(CallFailure(.failedPrecondition, "hello is answered by the server before any call; send it only as the first frame", field: "hello"))
        case .echo(let echo):
            return .response(.echo(Wire.EchoReply(payload: echo.payload)))
        case .snapshotSave:
            // TODO: write a snapshot here once persistence is wired into the server.
            return .failure(CallFailure(.unimplemented, "snapshot_save is not available: this server keeps its workspaces in memory only", field: "snapshot_save"))
        case .createWorkspace, .fetchWorkspace, .updateWorkspace, .deleteWorkspace, .listWorkspaces:
            return .response(try respondToWorkspaceCall(request, context, now: now))
        case .createActivity, .fetchActivity, .updateActivity, .deleteActivity, .listActivities:
            return .response(try respondToActivityCall(request, context, now: now))
        case .createTaskChannel, .fetchTaskChannel, .updateTaskChannel, .deleteTaskChannel, .listTaskChannels:
            return .response(try respondToTaskChannelCall(request, context, now: now))
        case .createWorker, .fetchWorker, .updateWorker, .deleteWorker, .listWorkers,
             .fetchWorkerChannel, .updateWorkerChannel, .listWorkerChannels:
            return .response(try respondToWorkerCall(request, context, now: now))
        case .createTaskQueue, .fetchTaskQueue, .updateTaskQueue, .deleteTaskQueue, .listTaskQueues:
            return .response(try respondToTaskQueueCall(request, context, now: now))
        case .createWorkflow, .fetchWorkflow, .updateWorkflow, .deleteWorkflow, .listWorkflows:
            return .response(try respondToWorkflowCall(request, context, now: now))
        case .createTask, .fetchTask, .updateTask, .deleteTask, .listTasks:
            return .response(try respondToTaskCall(request, context, now: now))
        case .fetchReservation, .updateReservation, .listTaskReservations, .listWorkerReservations:
            return .response(try respondToReservationCall(request, context, now: now))
        case .fetchWorkspaceRealTimeStatistics, .fetchTaskQueueRealTimeStatistics, .listTaskQueuesRealTimeStatistics,
             .fetchWorkflowRealTimeStatistics, .fetchWorkersRealTimeStatistics:
            return .response(try respondToRealTimeStatisticsCall(request, context, now: now))
        case .fetchWorkspaceCumulativeStatistics, .fetchTaskQueueCumulativeStatistics, .fetchWorkflowCumulativeStatistics,
             .fetchWorkersCumulativeStatistics, .fetchWorkerStatistics:
            return .response(try respondToCumulativeStatisticsCall(request, context, now: now))
        case .listEvents, .fetchEvent, .subscribeEvents, .unsubscribeEvents:
            return .response(try respondToEventCall(request, context, now: now))
        }
    }
}

/// Stops on a request routed to the wrong resource function, which is a
/// bug in `respond(to:context:now:)`.
func misrouted(_ request: Wire.ClientFrame.Request, _ function: String = #function) -> Never {
    preconditionFailure("\(request.fieldName) was routed to \(function)")
}
