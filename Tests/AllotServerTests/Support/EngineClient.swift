import AllotTestSupport
import AllotWire
import Foundation

/// A test session for engine calls over one connection. Frames the server
/// pushes while a reply is awaited are kept, in order, for `nextPush`.
final class EngineClient {
    let client: TestClient
    let accountSID: String
    private var pushes: [Wire.ServerFrame] = []
    /// Field names of every request case sent, such as "create_task".
    private(set) var sentRequestNames: Set<String> = []

    init(port: UInt16, credentials: TestCredentials) throws {
        client = try TestClient(port: port)
        accountSID = credentials.accountSID
        let reply = try client.hello(credentials)
        guard reply.status?.code == .ok else { throw TestFailure("hello failed: \(reply)") }
    }

    convenience init(_ server: ServerProcess) throws {
        try self.init(port: server.port, credentials: server.credentials)
    }

    /// Sends a call and returns its reply, whatever its status.
    func call(_ request: Wire.ClientFrame.Request) throws -> Wire.ServerFrame {
        let callID = client.makeCallID()
        sentRequestNames.insert(request.fieldName)
        try client.send(Wire.ClientFrame(callID: callID, request: request))
        while true {
            guard let frame = try client.readFrame() else {
                throw TestFailure("the server closed the connection instead of answering \(request.fieldName)")
            }
            if frame.callID == callID { return frame }
            if frame.callID == 0 {
                pushes.append(frame)
            } else {
                throw TestFailure("a reply to call \(frame.callID) arrived while waiting for call \(callID)")
            }
        }
    }

    /// Sends a call and returns its response; throws unless the status is OK.
    @discardableResult
    func ok(_ request: Wire.ClientFrame.Request) throws -> Wire.ServerFrame.Response {
        let reply = try call(request)
        guard reply.status?.code == .ok, let response = reply.response else {
            throw TestFailure("\(request.fieldName) failed: \(reply.status.map { "\($0.code.name) \($0.field): \($0.message)" } ?? "no status")")
        }
        return response
    }

    /// Sends a call and returns the field name of its response case; throws
    /// unless the status is OK.
    func responseName(_ request: Wire.ClientFrame.Request) throws -> String {
        try ok(request).fieldName
    }

    /// Returns the next frame the server pushed, waiting for it when none is kept.
    func nextPush(waitSeconds: Double = TestClient.readWaitSeconds) throws -> Wire.ServerFrame {
        if !pushes.isEmpty { return pushes.removeFirst() }
        guard let frame = try client.readFrame(waitSeconds: waitSeconds) else {
            throw TestFailure("the server closed the connection while a push was awaited")
        }
        guard frame.callID == 0 else { throw TestFailure("a reply to call \(frame.callID) arrived while a push was awaited") }
        return frame
    }

    /// Returns the next pushed event, failing on any other pushed frame.
    func nextEvent(waitSeconds: Double = TestClient.readWaitSeconds) throws -> Wire.Event {
        let frame = try nextPush(waitSeconds: waitSeconds)
        guard case .eventPush(let push)? = frame.response, let event = push.event else {
            throw TestFailure("expected an event push, got \(frame)")
        }
        return event
    }

    /// Skips pushed events until one of `type` arrives and returns it.
    func nextEvent(ofType type: String, skippingAtMost limit: Int = 100) throws -> Wire.Event {
        for _ in 0..<limit {
            let event = try nextEvent()
            if event.eventType == type { return event }
        }
        throw TestFailure("no \(type) event among the next \(limit) pushes")
    }
}
