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
            return saveSnapshot(context)
        case .createWorkspace, .fetchWorkspace, .updateWorkspace, .deleteWorkspace, .listWorkspaces:
            return Self.outcome(try respondToWorkspaceCall(request, context, now: now))
        case .createActivity, .fetchActivity, .updateActivity, .deleteActivity, .listActivities:
            return Self.outcome(try respondToActivityCall(request, context, now: now))
        case .createTaskChannel, .fetchTaskChannel, .updateTaskChannel, .deleteTaskChannel, .listTaskChannels:
            return Self.outcome(try respondToTaskChannelCall(request, context, now: now))
        case .createWorker, .fetchWorker, .updateWorker, .deleteWorker, .listWorkers,
             .fetchWorkerChannel, .updateWorkerChannel, .listWorkerChannels:
            return Self.outcome(try respondToWorkerCall(request, context, now: now))
        case .createTaskQueue, .fetchTaskQueue, .updateTaskQueue, .deleteTaskQueue, .listTaskQueues:
            return Self.outcome(try respondToTaskQueueCall(request, context, now: now))
        case .createWorkflow, .fetchWorkflow, .updateWorkflow, .deleteWorkflow, .listWorkflows:
            return Self.outcome(try respondToWorkflowCall(request, context, now: now))
        case .createTask, .fetchTask, .updateTask, .deleteTask, .listTasks:
            return Self.outcome(try respondToTaskCall(request, context, now: now))
        case .fetchReservation, .updateReservation, .listTaskReservations, .listWorkerReservations:
            return Self.outcome(try respondToReservationCall(request, context, now: now))
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

extension EngineHandler {
    /// Returns the outcome of a call whose reply is `response`, or that replies later when it is nil.
    static func outcome(_ response: Wire.ServerFrame.Response?) -> CallOutcome {
        response.map(CallOutcome.response) ?? .deferred
    }
}

/// Stops on a request routed to the wrong resource function, which is a
/// bug in `respond(to:context:now:)`.
func misrouted(_ request: Wire.ClientFrame.Request, _ function: String = #function) -> Never {
    preconditionFailure("\(request.fieldName) was routed to \(function)")
}
