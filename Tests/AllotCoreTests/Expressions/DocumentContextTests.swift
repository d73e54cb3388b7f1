import AllotCore
import Testing

@Suite struct DocumentContextTests {
    @Test func workerDocumentSplitsSystemKeysFromAttributes() throws {
        var context = DocumentContext()
        try context.setWorker(fromDocument: TestJSON.parse(#"{"sid":"WK1","friendly_name":"alice","activity_sid":"WA1","activity_name":"Idle","skills":["x"]}"#))
        #expect(context.workerSystemField(.sid) == .string("WK1"))
        #expect(context.workerSystemField(.friendlyName) == .string("alice"))
        #expect(context.workerSystemField(.activitySid) == .string("WA1"))
        #expect(context.workerSystemField(.activityName) == .string("Idle"))
        #expect(context.workerAttributes == .object(AttributeObject([("skills", .array([.string("x")]))])))
    }

    @Test func channelFields() throws {
        var context = DocumentContext()
        try context.setWorker(fromDocument: TestJSON.parse(#"{"channels":{"chat":{"configured_capacity":3,"active_reservations":1,"assigned_tasks":1},"sms":{"configured_capacity":0}}}"#))
        #expect(context.workerChannelField(channel: "chat", field: .configuredCapacity) == .number(3))
        #expect(context.workerChannelField(channel: "chat", field: .assignedTasks) == .number(1))
        #expect(context.workerChannelField(channel: "chat", field: .availableCapacityPercentage) == .number(66))
        #expect(context.workerChannelField(channel: "sms", field: .availableCapacityPercentage) == .number(0))
        #expect(context.workerChannelField(channel: "voice", field: .assignedTasks) == .null)
    }

    @Test func assignedTasksCountAsActiveWhenActiveIsMissing() throws {
        var context = DocumentContext()
        try context.setWorker(fromDocument: TestJSON.parse(#"{"channels":{"chat":{"configured_capacity":4,"assigned_tasks":1},"voice":{"configured_capacity":2,"active_reservations":0,"assigned_tasks":1}}}"#))
        #expect(context.workerChannelField(channel: "chat", field: .availableCapacityPercentage) == .number(75))
        #expect(context.workerChannelField(channel: "voice", field: .availableCapacityPercentage) == .number(100))
    }

    @Test func availableCapacityPercentageFormula() {
        #expect(WorkerChannelField.availableCapacityPercentage(configuredCapacity: 4, activeReservations: 2) == 50)
        #expect(WorkerChannelField.availableCapacityPercentage(configuredCapacity: 3, activeReservations: 2) == 33)
        #expect(WorkerChannelField.availableCapacityPercentage(configuredCapacity: 1, activeReservations: 0) == 100)
        #expect(WorkerChannelField.availableCapacityPercentage(configuredCapacity: 2, activeReservations: 5) == 0)
        #expect(WorkerChannelField.availableCapacityPercentage(configuredCapacity: 0, activeReservations: 0) == 0)
    }

    @Test func queueMemberCounts() throws {
        var context = DocumentContext()
        try context.setQueueMembers(fromDocument: TestJSON.parse(#"[{"activity_sid":"WA1","available":true},{"activity_sid":"WA2","available":false},{"activity_sid":"WA2","available":false}]"#))
        #expect(context.workerCount(.available) == 1)
        #expect(context.workerCount(.unavailable) == 2)
        #expect(context.workerCount(.activity(sid: "WA2")) == 2)
        #expect(context.workerCount(.activity(sid: "WA3")) == 0)
    }

    @Test func malformedDocumentsAreRejected() throws {
        var context = DocumentContext()
        for document in [#"[]"#, #"{"sid":1}"#, #"{"channels":[]}"#, #"{"channels":{"chat":1}}"#, #"{"channels":{"chat":{"configured_capacity":-1}}}"#, #"{"channels":{"chat":{"assigned_tasks":1.5}}}"#] {
            #expect(throws: DocumentContextError.self, "\(document)") {
                try context.setWorker(fromDocument: TestJSON.parse(document))
            }
        }
        for document in [#"{}"#, #"[{"activity_sid":"WA1"}]"#, #"[{"available":true}]"#, #"[1]"#] {
            #expect(throws: DocumentContextError.self, "\(document)") {
                try context.setQueueMembers(fromDocument: TestJSON.parse(document))
            }
        }
    }

    @Test func defaultsReadAsNullAndZero() throws {
        struct EmptyContext: ExpressionContext {}
        let context = EmptyContext()
        #expect(context.taskAttributes == .null)
        #expect(context.workerAttributes == .null)
        #expect(context.workerSystemField(.sid) == .null)
        #expect(context.workerChannelField(channel: "voice", field: .assignedTasks) == .null)
        #expect(context.workerCount(.available) == 0)
        #expect(context.nowUnixMilliseconds == 0)
        let expression = try AllotCore.Expression("a == null AND b != 1", kind: .queueTargetWorkers)
        #expect(expression.evaluate(in: context))
    }
}
