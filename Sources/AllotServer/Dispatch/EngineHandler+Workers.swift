import AllotCore
import AllotWire

extension EngineHandler {
    func respondToWorkerCall(_ request: Wire.ClientFrame.Request, _ context: CallContext,
                             now: Timestamp) throws(EngineError) -> Wire.ServerFrame.Response? {
        let account = context.account.sid
        switch request {
        case .createWorker(let wire):
            return try perform(.createWorker(workspace: wire.workspaceSID, CreateWorkerRequest(wire)), context, request: request, now: now)
        case .fetchWorker(let wire):
            return .worker(Wire.Worker(try engine.fetchWorker(workspace: wire.workspaceSID, sid: wire.workerSID, account: account)))
        case .updateWorker(let wire):
            return try perform(.updateWorker(workspace: wire.workspaceSID, sid: wire.workerSID, UpdateWorkerRequest(wire)),
                               context, request: request, now: now)
        case .deleteWorker(let wire):
            return try perform(.deleteWorker(workspace: wire.workspaceSID, sid: wire.workerSID, expectedVersion: wire.ifMatchVersion),
                               context, request: request, now: now)
        case .listWorkers(let wire):
            let page = try engine.listWorkers(workspace: wire.workspaceSID, ListWorkersRequest(wire), account: account, now: now)
            return .workerPage(Wire.WorkerPage(page))
        case .fetchWorkerChannel(let wire):
            let channel = try engine.fetchWorkerChannel(workspace: wire.workspaceSID, workerSid: wire.workerSID,
                                                        channel: wire.workerChannel, account: account)
            return .workerChannel(Wire.WorkerChannel(channel))
        case .updateWorkerChannel(let wire):
            let command = EngineCommand.updateWorkerChannel(workspace: wire.workspaceSID, workerSid: wire.workerSID,
                                                            channel: wire.workerChannel, UpdateWorkerChannelRequest(wire))
            return try perform(command, context, request: request, now: now)
        case .listWorkerChannels(let wire):
            let page = try engine.listWorkerChannels(workspace: wire.workspaceSID, workerSid: wire.workerSID,
                                                     page: PageRequest(pageSize: wire.pageSize, pageToken: wire.pageToken),
                                                     account: account)
            return .workerChannelPage(Wire.WorkerChannelPage(page))
        default:
            misrouted(request)
        }
    }
}
