import AllotCore
@testable import AllotServer
import AllotWire
import Testing

@Suite struct StatusConversionTests {
    /// Frames carry strings as C strings, which end at a NUL.
    @Test func failureMessageWithNULEncodes() throws {
        let failure = CallFailure(.invalidArgument, "queue 'a\u{0}b' was not found", field: "con\u{0}figuration")
        #expect(failure.message == "queue 'a\\u0000b' was not found")
        #expect(failure.field == "con\\u0000figuration")
        #expect(try !Wire.ServerFrame(callID: 1, status: failure.status).serializedBytes().isEmpty)
    }

    /// A JSON document may spell a NUL as \u0000, and the engine quotes the
    /// decoded value in its message. The reply must still encode.
    @Test func engineErrorQuotingJSONNULEncodes() throws {
        let handler = EngineHandler(engine: Engine(), logger: Logger(minimumLevel: .error))
        let account = Account(sid: "AC" + String(repeating: "3", count: 32), isAdministrator: false)
        let connection = ConnectionHandle(id: 1, account: account, peer: "test", mailbox: try Mailbox(logger: Logger(minimumLevel: .error)),
                                          maximumQueuedPushes: 8)
        let context = CallContext(account: account, callID: 1, deadline: nil, connection: connection)
        guard case .response(.workspace(let workspace)) = handler.handle(
            .createWorkspace(Wire.CreateWorkspaceRequest(friendlyName: "Desk")), context: context) else {
            Issue.record("create_workspace failed")
            return
        }
        let configuration = #"{"task_routing": {"default_filter": {"queue": "WQ\u0000"}}}"#
        let outcome = handler.handle(.createWorkflow(Wire.CreateWorkflowRequest(
            workspaceSID: workspace.sid, friendlyName: "Flow", configuration: configuration)), context: context)
        guard case .failure(let failure) = outcome else {
            Issue.record("create_workflow with an unknown queue succeeded")
            return
        }
        #expect(failure.code == .invalidArgument)
        #expect(failure.message.contains("'WQ\\u0000'"))
        #expect(try !Wire.ServerFrame(callID: 1, status: failure.status).serializedBytes().isEmpty)
    }
}
