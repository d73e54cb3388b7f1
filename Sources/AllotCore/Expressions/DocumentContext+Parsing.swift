/// Reading the worker document and the queue member list.
extension DocumentContext {
    /// Sets the worker's system fields, channels and attributes from a worker
    /// document; see the type's description for its shape.
    ///
    /// - Throws: `DocumentContextError` naming the key when the document is
    ///   not an object or a system key or channel count has the wrong type.
    public mutating func setWorker(fromDocument document: AttributeValue) throws(DocumentContextError) {
        guard case .object(let object) = document else {
            throw DocumentContextError(message: "the worker document must be a JSON object")
        }
        var fields: [WorkerSystemField: String] = [:]
        var attributes: [(key: String, value: AttributeValue)] = []
        var channels: [String: ChannelState] = [:]
        for (key, value) in object.members {
            if key == "channels" {
                channels = try Self.channels(from: value)
            } else if let field = WorkerSystemField(keyName: key) {
                guard case .string(let text) = value else {
                    throw DocumentContextError(message: "worker '\(key)' must be a string")
                }
                fields[field] = text
            } else {
                attributes.append((key, value))
            }
        }
        workerSystemFields = fields
        workerAttributes = .object(AttributeObject(attributes))
        self.channels = channels
    }

    private static func channels(from value: AttributeValue) throws(DocumentContextError) -> [String: ChannelState] {
        guard case .object(let object) = value else {
            throw DocumentContextError(message: "worker 'channels' must be an object of channels by unique name")
        }
        var channels: [String: ChannelState] = [:]
        for (name, channel) in object.members {
            func count(_ key: String) throws(DocumentContextError) -> Int {
                guard let value = channel[key] else { return 0 }
                guard case .number(let number) = value, number >= 0, number <= Double(Int32.max),
                      Double(Int(number)) == number
                else {
                    throw DocumentContextError(message: "channels.\(name).\(key) must be a whole number from 0 to \(Int32.max)")
                }
                return Int(number)
            }
            guard case .object = channel else {
                throw DocumentContextError(message: "channels.\(name) must be an object with configured_capacity, active_reservations and assigned_tasks")
            }
            // Assigned tasks hold accepted reservations, which are active, so a
            // document that gives only assigned_tasks counts those as active.
            let assignedTasks = try count("assigned_tasks")
            let activeReservations = channel["active_reservations"] == nil ? assignedTasks : try count("active_reservations")
            channels[name] = ChannelState(
                configuredCapacity: try count("configured_capacity"),
                activeReservations: activeReservations,
                assignedTasks: assignedTasks
            )
        }
        return channels
    }

    /// Sets the queue members from an array of `{"activity_sid": "WA…",
    /// "available": true}` objects.
    ///
    /// - Throws: `DocumentContextError` naming the member that lacks either key.
    public mutating func setQueueMembers(fromDocument document: AttributeValue) throws(DocumentContextError) {
        guard case .array(let elements) = document else {
            throw DocumentContextError(message: "queue members must be a JSON array of {\"activity_sid\", \"available\"} objects")
        }
        var members: [QueueMember] = []
        for (position, element) in elements.enumerated() {
            guard case .string(let sid)? = element["activity_sid"], case .bool(let available)? = element["available"] else {
                throw DocumentContextError(
                    message: "queue member \(position) must be an object with a string 'activity_sid' and a boolean 'available'"
                )
            }
            members.append(QueueMember(activitySid: sid, isAvailable: available))
        }
        queueMembers = members
    }
}

/// A worker document or member list with the wrong shape.
public struct DocumentContextError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problem, naming the key.
    public var message: String

    /// Creates an error with `message`.
    public init(message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
