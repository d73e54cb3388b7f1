import AllotWire

extension IOThread {
    /// Handles the first frame: it must be a Hello with valid credentials.
    func authenticate(_ connection: Connection, frame: Wire.ClientFrame, started: ContinuousClock.Instant) {
        let helloIndex = Wire.ClientFrame.Request.fieldNames.firstIndex(of: "hello") ?? RequestMetrics.unknownMethodIndex
        guard case .hello(let hello) = frame.request else {
            let failure = CallFailure(.unauthenticated, "the first frame on a connection must carry hello with the account's credentials")
            reply(on: connection, callID: frame.callID, failure: failure, methodIndex: frame.request?.caseIndex ?? RequestMetrics.unknownMethodIndex, started: started)
            logger.warning("first frame is not hello", ("connection.id", "\(connection.id)"), ("connection.peer", connection.peer))
            beginClose(connection, reason: "first frame is not hello", status: nil)
            return
        }
        guard hello.protocolVersion == ServerContext.protocolVersion else {
            let failure = CallFailure(.failedPrecondition, "protocol_version \(hello.protocolVersion) is not supported; this server speaks version \(ServerContext.protocolVersion)", field: "hello.protocol_version")
            reply(on: connection, callID: frame.callID, failure: failure, methodIndex: helloIndex, started: started)
            logger.warning("unsupported protocol version", ("connection.id", "\(connection.id)"), ("protocol_version", "\(hello.protocolVersion)"))
            beginClose(connection, reason: "unsupported protocol version", status: nil)
            return
        }
        guard let account = context.accounts.authenticate(sid: hello.accountSID, secret: hello.secret) else {
            let failure = CallFailure(.unauthenticated, "account_sid or secret is wrong; use the credentials from the server's credentials.json or its configured accounts")
            reply(on: connection, callID: frame.callID, failure: failure, methodIndex: helloIndex, started: started)
            logger.warning("authentication failed", ("connection.id", "\(connection.id)"), ("connection.peer", connection.peer), ("account.sid", hello.accountSID))
            beginClose(connection, reason: "authentication failed", status: nil)
            return
        }
        let handle = ConnectionHandle(id: connection.id, account: account, peer: connection.peer, mailbox: mailbox, maximumQueuedPushes: configuration.maximumSubscriberLagEvents)
        connection.handle = handle
        connection.state = .authenticated(handle)
        connection.encoder.compressionAllowed = hello.acceptsCompression
        let helloReply = Wire.HelloReply(
            protocolVersion: ServerContext.protocolVersion,
            serverName: ServerContext.serverName,
            maximumFrameBytes: UInt32(configuration.maximumFrameBytes),
            maximumCallsInFlight: UInt32(configuration.maximumCallsInFlight),
            accountSID: account.sid
        )
        reply(on: connection, callID: frame.callID, response: .hello(helloReply), methodIndex: helloIndex, started: started)
        logger.debug("connection authenticated", ("connection.id", "\(connection.id)"), ("account.sid", account.sid), ("client", hello.clientName))
    }

    /// Runs one call of an authenticated connection.
    func runCall(_ frame: Wire.ClientFrame, unknownFieldNumbers: [UInt32], stringFault: WireCodecError?, on connection: Connection,
                 started: ContinuousClock.Instant) {
        guard let handle = connection.handle else { preconditionFailure("runCall on connection \(connection.id) before authentication") }
        let methodIndex = frame.request?.caseIndex ?? RequestMetrics.unknownMethodIndex
        if let failure = admissionFailure(frame, unknownFieldNumbers: unknownFieldNumbers, stringFault: stringFault, on: connection) {
            reply(on: connection, callID: frame.callID, failure: failure, methodIndex: methodIndex, started: started)
            return
        }
        guard let request = frame.request else { preconditionFailure("admission let a frame without a request through") }
        if case .echo(let echo) = request {
            // A diagnostic the server serves itself, so that it measures the
            // network path whatever handler is installed.
            reply(on: connection, callID: frame.callID, response: .echo(Wire.EchoReply(payload: echo.payload)), methodIndex: methodIndex, started: started)
            return
        }
        let deadline = frame.deadlineUnixMilliseconds == 0 ? nil : WallClockInstant(unixMilliseconds: Int64(clamping: frame.deadlineUnixMilliseconds))
        let callContext = CallContext(account: handle.account, callID: frame.callID, deadline: deadline, connection: handle)
        hasUnflushedCalls = true
        switch context.handler.handle(request, context: callContext) {
        case .response(let response):
            reply(on: connection, callID: frame.callID, response: response, methodIndex: methodIndex, started: started)
        case .failure(let failure):
            reply(on: connection, callID: frame.callID, failure: failure, methodIndex: methodIndex, started: started)
        case .deferred:
            connection.deferredCalls[frame.callID] = (methodIndex, started)
        }
    }

    /// Returns why a call must not run, or nil when it may.
    private func admissionFailure(_ frame: Wire.ClientFrame, unknownFieldNumbers: [UInt32], stringFault: WireCodecError?,
                                  on connection: Connection) -> CallFailure? {
        if frame.callID == 0 {
            return CallFailure(.invalidArgument, "call_id 0 is reserved for frames the server sends unasked; number calls from 1", field: "call_id")
        }
        if connection.callsInFlight >= configuration.maximumCallsInFlight {
            // Sending what is queued may free slots before rejecting.
            flush(connection)
        }
        if connection.callsInFlight >= configuration.maximumCallsInFlight {
            return CallFailure(.resourceExhausted, "\(connection.callsInFlight) calls are already in flight on this connection, the limit is \(configuration.maximumCallsInFlight); wait for replies before sending more")
        }
        if connection.deferredCalls[frame.callID] != nil {
            return CallFailure(.invalidArgument, "call_id \(frame.callID) is already in flight on this connection; use a new call_id per call", field: "call_id")
        }
        if frame.deadlineUnixMilliseconds != 0 {
            let now = WallClockInstant.now()
            if Int64(clamping: frame.deadlineUnixMilliseconds) <= now.unixMilliseconds {
                return CallFailure(.deadlineExceeded, "the deadline \(frame.deadlineUnixMilliseconds) passed before the call ran (server time \(now.unixMilliseconds) ms since the epoch); the call was not run")
            }
        }
        if let stringFault {
            let qualified = stringFault.stringField ?? ""
            let field = qualified.split(separator: ".").last.map(String.init) ?? qualified
            return CallFailure(.invalidArgument, stringFault.description, field: field)
        }
        guard let request = frame.request else {
            if let number = unknownFieldNumbers.first {
                return CallFailure(.unimplemented, "ClientFrame field \(number) is not a request this server knows (protocol version \(ServerContext.protocolVersion)); upgrade the server or send a known request")
            }
            return CallFailure(.invalidArgument, "the ClientFrame carries no request; set one of its request fields", field: "request")
        }
        if case .hello = request {
            return CallFailure(.failedPrecondition, "this connection is already authenticated; send hello only as the first frame", field: "hello")
        }
        if case .snapshotSave = request, connection.handle?.account.isAdministrator != true {
            return CallFailure(.permissionDenied, "snapshot_save needs an administrator account; use the local account from credentials.json or one marked \"administrator\": true in the accounts file", field: "snapshot_save")
        }
        return nil
    }

    /// Queues a successful reply.
    func reply(on connection: Connection, callID: UInt64, response: Wire.ServerFrame.Response, methodIndex: Int, started: ContinuousClock.Instant) {
        let frame = Wire.ServerFrame(callID: callID, status: Wire.Status(code: .ok), response: response)
        queueReply(frame, on: connection, methodIndex: methodIndex, started: started)
    }

    /// Queues a failed reply.
    func reply(on connection: Connection, callID: UInt64, failure: CallFailure, methodIndex: Int, started: ContinuousClock.Instant) {
        let frame = Wire.ServerFrame(callID: callID, status: failure.status)
        queueReply(frame, on: connection, methodIndex: methodIndex, started: started)
    }

    private func queueReply(_ frame: Wire.ServerFrame, on connection: Connection, methodIndex: Int, started: ContinuousClock.Instant) {
        var code = frame.status?.code ?? .ok
        if !enqueue(frame, on: connection) {
            code = .resourceExhausted
            let status = Wire.Status(code: code, message: "the reply exceeds the frame limit of \(configuration.maximumFrameBytes) bytes; request a smaller page_size")
            enqueue(Wire.ServerFrame(callID: frame.callID, status: status), on: connection)
        }
        localMetrics.recordCall(methodIndex: methodIndex, status: code, latencyNanoseconds: (ContinuousClock.now - started).nanoseconds)
        markForService(connection)
    }

    /// Encodes a frame into the output of `connection`; false when it exceeds
    /// the frame limit or cannot be encoded, which is logged.
    @discardableResult
    private func enqueue(_ frame: Wire.ServerFrame, on connection: Connection) -> Bool {
        do {
            try connection.enqueueFrame(payload: frame.encodedBytes(), isReply: frame.callID != 0)
            return true
        } catch {
            logger.error("encoding a reply failed", ("connection.id", "\(connection.id)"), ("call.id", "\(frame.callID)"), ("error", "\(error)"))
            return false
        }
    }

    /// Encodes a frame for `connection`; nil when it exceeds the frame limit
    /// or cannot be encoded, which is logged.
    func encode(_ frame: Wire.ServerFrame, on connection: Connection) -> [UInt8]? {
        var output: [UInt8] = []
        do {
            try connection.encoder.appendFrame(payload: frame.encodedBytes(), to: &output)
            return output
        } catch {
            logger.error("encoding a reply failed", ("connection.id", "\(connection.id)"), ("call.id", "\(frame.callID)"), ("error", "\(error)"))
            return nil
        }
    }

    /// Encodes a frame sent unasked that carries only a status.
    func encodeUnasked(status: Wire.Status, for connection: Connection) -> [UInt8]? {
        encode(Wire.ServerFrame(callID: 0, status: status), on: connection)
    }

    /// Queues the reply of a deferred call that a handler completed.
    func completeDeferred(connectionID: UInt64, callID: UInt64, status: Wire.StatusCode, payload: [UInt8]) {
        guard let connection = connections[connectionID] else { return }
        guard let call = connection.deferredCalls.removeValue(forKey: callID) else {
            logger.error("a handler completed a call that is not deferred", ("connection.id", "\(connectionID)"), ("call.id", "\(callID)"))
            return
        }
        do {
            try connection.enqueueFrame(payload: payload, isReply: true)
        } catch {
            logger.error("framing a deferred reply failed", ("connection.id", "\(connectionID)"), ("call.id", "\(callID)"), ("error", error.description))
            let status = Wire.Status(code: .resourceExhausted, message: "the reply exceeds the frame limit of \(configuration.maximumFrameBytes) bytes")
            enqueue(Wire.ServerFrame(callID: callID, status: status), on: connection)
        }
        localMetrics.recordCall(methodIndex: call.methodIndex, status: status, latencyNanoseconds: (ContinuousClock.now - call.started).nanoseconds)
        appendClosingFrameIfDue(connection)
        markForService(connection)
    }
}
