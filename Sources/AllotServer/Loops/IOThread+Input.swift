import AllotWire
import Glibc

extension IOThread {
    /// Reads what the socket holds, up to the per-wake-up budget, and runs
    /// every complete frame.
    func readAvailable(_ connection: Connection) {
        var reads = 0
        while connection.wantsInput && reads < ServerLimits.maximumReadsPerWakeup {
            reads += 1
            let result: SystemCall.ReadResult
            do {
                result = try SystemCall.receive(connection.fd, into: readBuffer)
            } catch {
                let reason = error.errno == ECONNRESET ? "connection reset by peer" : "receive failed: \(error.description)"
                if error.errno != ECONNRESET {
                    logger.error("receiving from a connection failed", ("connection.id", "\(connection.id)"), ("error", error.description))
                }
                close(connection, reason: reason)
                return
            }
            switch result {
            case .bytes(let count):
                connection.decoder.append(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]))
                processFrames(connection)
                // A short read means the socket is drained; epoll reports
                // new bytes, which saves a recv that would return EAGAIN.
                if count < readBuffer.count { reads = ServerLimits.maximumReadsPerWakeup }
            case .endOfStream:
                connection.peerClosed = true
                processFrames(connection)
                let reason = connection.decoder.bufferedBytes > 0 ? "peer closed the connection in the middle of a frame" : "peer closed the connection"
                beginClose(connection, reason: reason, status: nil)
            case .wouldBlock:
                reads = ServerLimits.maximumReadsPerWakeup
            }
        }
        markForService(connection)
    }

    /// Runs the complete frames buffered in the decoder while the output has room.
    func processFrames(_ connection: Connection) {
        while !connection.isClosing && !connection.inputPaused {
            let frame: Frame
            do {
                guard let next = try connection.decoder.nextFrame() else { return }
                frame = next
            } catch {
                rejectStream(connection, error: error)
                return
            }
            runFrame(frame, on: connection)
            if connection.pendingOutputBytes > configuration.maximumOutputBytes {
                connection.inputPaused = true
            }
        }
    }

    /// Reports a framing error to the client and closes the connection,
    /// because the stream cannot be read past it.
    private func rejectStream(_ connection: Connection, error: FrameError) {
        let code: Wire.StatusCode
        switch error {
        case .lengthOverLimit, .decompressedSizeOverLimit: code = .resourceExhausted
        case .reservedFlagsSet, .invalidCompressedData: code = .invalidArgument
        }
        logger.warning("invalid frame", ("connection.id", "\(connection.id)"), ("connection.peer", connection.peer), ("error", error.description))
        localMetrics.recordCall(methodIndex: RequestMetrics.unknownMethodIndex, status: code, latencyNanoseconds: 0)
        beginClose(connection, reason: "invalid frame", status: Wire.Status(code: code, message: error.description))
    }

    /// Decodes one frame's ClientFrame and runs it.
    private func runFrame(_ frame: Frame, on connection: Connection) {
        let started = ContinuousClock.now
        // A plain create_task frame, the most common call, is decoded directly with its
        // strings checked. Any other frame, malformed ones included, takes protobuf-c.
        if let direct = frame.payload.withUnsafeBytes(Wire.ClientFrame.decodeDirectCreateTask) {
            runDecoded(direct, unknownFieldNumbers: [], stringFault: nil, on: connection, started: started)
            return
        }
        let decoded: (frame: Wire.ClientFrame, unknownFieldNumbers: [UInt32])
        do {
            decoded = try frame.payload.withUnsafeBytes { try Wire.ClientFrame.decodeReportingUnknownFields($0, arena: unpackArena) }
        } catch {
            rejectUndecodable(connection, error: error, started: started)
            return
        }
        // protobuf-c cuts a string at its first NUL and decoding repairs invalid UTF-8,
        // so the decoded frame may hold a different value than was sent.
        let stringFault = frame.payload.withUnsafeBytes { Wire.ClientFrame.stringFieldFault(in: $0) }
        runDecoded(decoded.frame, unknownFieldNumbers: decoded.unknownFieldNumbers, stringFault: stringFault,
                   on: connection, started: started)
    }

    /// Runs a decoded frame: the hello of a new connection, or a call.
    private func runDecoded(_ frame: Wire.ClientFrame, unknownFieldNumbers: [UInt32], stringFault: WireCodecError?,
                            on connection: Connection, started: ContinuousClock.Instant) {
        if connection.handle == nil {
            if let stringFault {
                rejectUndecodable(connection, error: stringFault, started: started)
                return
            }
            authenticate(connection, frame: frame, started: started)
        } else {
            runCall(frame, unknownFieldNumbers: unknownFieldNumbers, stringFault: stringFault, on: connection, started: started)
        }
    }

    private func rejectUndecodable(_ connection: Connection, error: any Error, started: ContinuousClock.Instant) {
        let message = "the frame's payload is not a valid ClientFrame: \(error)"
        if connection.handle == nil {
            reply(on: connection, callID: 0, failure: CallFailure(.unauthenticated, message + "; the first frame must carry hello"), methodIndex: RequestMetrics.unknownMethodIndex, started: started)
            beginClose(connection, reason: "first frame is not a valid ClientFrame", status: nil)
            return
        }
        logger.warning("undecodable frame", ("connection.id", "\(connection.id)"), ("error", "\(error)"))
        reply(on: connection, callID: 0, failure: CallFailure(.invalidArgument, message), methodIndex: RequestMetrics.unknownMethodIndex, started: started)
    }
}
