@testable import AllotServer
import AllotWire

/// The wire round trip of each request and the checks on each reply.
extension RequestFuzzer {
    /// Returns the request as the server decodes it from a frame: encoded,
    /// with invalid UTF-8 in place of `FuzzValues.invalidUTF8Marker`, and
    /// decoded again. A request with a NUL in a string has no encoding and
    /// is returned as it is, as an in-process caller could still pass it.
    /// Returns nil after recording a failure.
    func wireForm(of request: Wire.ClientFrame.Request) -> Wire.ClientFrame.Request? {
        let frame = Wire.ClientFrame(callID: 1, deadlineUnixMilliseconds: 0, request: request)
        var bytes: [UInt8]
        do {
            bytes = try frame.serializedBytes()
        } catch {
            guard case .stringContainsNUL = error else {
                _ = fail("\(request.fieldName) does not encode: \(error)")
                return nil
            }
            noteRequestWithNUL()
            return request
        }
        let replaced = Self.replaceInvalidUTF8Markers(in: &bytes)
        if replaced { noteRequestWithInvalidUTF8() }
        do {
            let decoded = try Wire.ClientFrame(serializedBytes: bytes)
            if !replaced && decoded != frame {
                _ = fail("\(request.fieldName) changed in the wire round trip: \(Self.describe(request))")
                return nil
            }
            guard let decodedRequest = decoded.request else {
                _ = fail("\(request.fieldName) decoded without a request")
                return nil
            }
            return decodedRequest
        } catch {
            _ = fail("\(request.fieldName) does not decode after encoding\(replaced ? " with invalid UTF-8" : ""): \(error)")
            return nil
        }
    }

    /// Overwrites each copy of the marker's bytes with invalid UTF-8 of the
    /// same length, which keeps every length prefix right. Returns whether
    /// there was one.
    static func replaceInvalidUTF8Markers(in bytes: inout [UInt8]) -> Bool {
        let marker = Array(FuzzValues.invalidUTF8Marker.utf8)
        precondition(marker.count == FuzzValues.invalidUTF8Bytes.count, "the marker and its replacement differ in length")
        var replaced = false
        var index = 0
        while index + marker.count <= bytes.count {
            var matches = true
            for offset in 0..<marker.count where bytes[index + offset] != marker[offset] {
                matches = false
                break
            }
            if matches {
                for offset in 0..<marker.count { bytes[index + offset] = FuzzValues.invalidUTF8Bytes[offset] }
                replaced = true
                index += marker.count
            } else {
                index += 1
            }
        }
        return replaced
    }

    /// Checks one call's outcome and learns the resources a success names.
    func check(_ outcome: CallOutcome, of request: Wire.ClientFrame.Request) -> Bool {
        let name = request.fieldName
        let frame: Wire.ServerFrame
        switch outcome {
        case .deferred:
            return fail("\(name) was deferred by a handler without a journal")
        case .failure(let failure):
            noteFailure(failure, of: request)
            if failure.message.isEmpty {
                return fail("\(name) failed with \(failure.code.name) and an empty message: \(Self.describe(request))")
            }
            frame = Wire.ServerFrame(callID: 1, status: failure.status)
        case .response(let response):
            let expected = Self.responseNames[name]
            if response.fieldName != expected {
                return fail("\(name) returned \(response.fieldName), not \(expected ?? "a known response")")
            }
            noteSuccess(name, response: response)
            frame = Wire.ServerFrame(callID: 1, status: Wire.Status(code: .ok), response: response)
        }
        return checkEncodes(frame, of: request)
    }

    /// Checks that the reply encodes, as the I/O thread must send it. A NUL
    /// stored by an earlier in-process request cannot be encoded, which only
    /// an in-process caller can cause.
    private func checkEncodes(_ frame: Wire.ServerFrame, of request: Wire.ClientFrame.Request) -> Bool {
        do {
            _ = try frame.serializedBytes()
            return true
        } catch {
            if case .stringContainsNUL = error, statistics.requestsWithNUL > 0 {
                noteReplyWithNUL()
                return true
            }
            return fail("the reply to \(request.fieldName) does not encode: \(error)")
        }
    }

    /// The response each request returns on success.
    static let responseNames: [String: String] = [
        "echo": "echo", "snapshot_save": "snapshot_saved",
        "create_workspace": "workspace", "fetch_workspace": "workspace", "update_workspace": "workspace",
        "delete_workspace": "deleted", "list_workspaces": "workspace_page",
        "create_activity": "activity", "fetch_activity": "activity", "update_activity": "activity",
        "delete_activity": "deleted", "list_activities": "activity_page",
        "create_task_channel": "task_channel", "fetch_task_channel": "task_channel", "update_task_channel": "task_channel",
        "delete_task_channel": "deleted", "list_task_channels": "task_channel_page",
        "create_worker": "worker", "fetch_worker": "worker", "update_worker": "worker", "delete_worker": "deleted",
        "list_workers": "worker_page", "fetch_worker_channel": "worker_channel", "update_worker_channel": "worker_channel",
        "list_worker_channels": "worker_channel_page",
        "create_task_queue": "task_queue", "fetch_task_queue": "task_queue", "update_task_queue": "task_queue",
        "delete_task_queue": "deleted", "list_task_queues": "task_queue_page",
        "create_workflow": "workflow", "fetch_workflow": "workflow", "update_workflow": "workflow",
        "delete_workflow": "deleted", "list_workflows": "workflow_page",
        "create_task": "task", "fetch_task": "task", "update_task": "task", "delete_task": "deleted", "list_tasks": "task_page",
        "fetch_reservation": "reservation", "update_reservation": "reservation",
        "list_task_reservations": "reservation_page", "list_worker_reservations": "reservation_page",
        "fetch_workspace_real_time_statistics": "workspace_real_time_statistics",
        "fetch_workspace_cumulative_statistics": "workspace_cumulative_statistics",
        "fetch_task_queue_real_time_statistics": "task_queue_real_time_statistics",
        "list_task_queues_real_time_statistics": "task_queue_real_time_statistics_list",
        "fetch_task_queue_cumulative_statistics": "task_queue_cumulative_statistics",
        "fetch_workflow_real_time_statistics": "workflow_real_time_statistics",
        "fetch_workflow_cumulative_statistics": "workflow_cumulative_statistics",
        "fetch_workers_real_time_statistics": "workers_real_time_statistics",
        "fetch_workers_cumulative_statistics": "workers_cumulative_statistics",
        "fetch_worker_statistics": "worker_statistics",
        "list_events": "event_page", "fetch_event": "event", "subscribe_events": "subscription",
        "unsubscribe_events": "subscription_ended",
    ]
}
