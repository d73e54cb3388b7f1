import AllotCore
import AllotWire

extension Wire.ServerFrame.Response {
    /// Converts what an engine command returned into the reply to its call.
    init(_ output: EngineCommandOutput) {
        switch output {
        case .workspace(let info): self = .workspace(Wire.Workspace(info))
        case .activity(let info): self = .activity(Wire.Activity(info))
        case .taskChannel(let info): self = .taskChannel(Wire.TaskChannel(info))
        case .worker(let info): self = .worker(Wire.Worker(info))
        case .workerChannel(let info): self = .workerChannel(Wire.WorkerChannel(info))
        case .taskQueue(let info): self = .taskQueue(Wire.TaskQueue(info))
        case .workflow(let info): self = .workflow(Wire.Workflow(info))
        case .task(let info): self = .task(Wire.Task(info))
        case .reservation(let info): self = .reservation(Wire.Reservation(info))
        case .deleted(let sid): self = .deleted(Wire.Deleted(sid: sid))
        case .advanced: preconditionFailure("advancing the clock is not a call and has no reply")
        }
    }
}
