import AllotWire

extension ConnectionCore {
    /// Reads frames until the connection ends, on the reader thread, and
    /// hands each to its call or subscription.
    func readUntilClosed() {
        var decoder = FrameDecoder(maximumFrameBytes: WireLimits.maximumConfigurableFrameBytes)
        var chunk = [UInt8](repeating: 0, count: ClientLimits.receiveChunkBytes)
        while true {
            let received: Result<Int, AllotError> = chunk.withUnsafeMutableBytes { buffer in
                Result { () throws(AllotError) -> Int in try socket.receive(into: buffer) }
            }
            guard case .success(let count) = received else {
                if case .failure(let error) = received { close(error) }
                return
            }
            guard count > 0 else {
                close(.connectionLost("the server closed the connection"))
                return
            }
            chunk.withUnsafeBytes { decoder.append(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            do {
                while let frame = try decoder.nextFrame() {
                    try dispatch(Wire.ServerFrame(serializedBytes: frame.payload))
                }
            } catch {
                close(.connectionLost("the server sent an invalid frame (\(error))"))
                return
            }
        }
    }

    private func dispatch(_ frame: Wire.ServerFrame) {
        guard frame.callID == 0 else {
            deliverReply(frame)
            return
        }
        switch frame.response {
        case .eventPush(let push)?:
            deliverPush(push)
        case .subscriptionEnded(let ended)?:
            let status = frame.status ?? Wire.Status(code: .ok, message: "", field: "")
            let reason = status.code == .ok
                ? AllotError(code: .aborted, message: "the server ended subscription \(ended.subscriptionID) after sequence \(ended.lastDeliveredSequence)")
                : AllotError(status: status)
            endSubscription(ended.subscriptionID, reason)
        default:
            // A frame sent unasked without a known response is the reason the
            // server is about to close the connection.
            if let status = frame.status, status.code != .ok {
                close(AllotError(status: status))
            }
        }
    }
}
