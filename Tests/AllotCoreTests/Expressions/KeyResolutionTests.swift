import AllotCore
import Testing

@Suite struct KeyResolutionTests {
    typealias T = ExpressionTesting

    @Test func queueKeysReadWorkerAttributes() throws {
        #expect(try T.root("sid == 'x'") == .comparison(T.workerKey("sid"), .equal, .constant(.string("x"))))
        #expect(try T.root("a.b == 1") == .comparison(T.workerKey("a", "b"), .equal, .constant(.number(1))))
    }

    @Test func workerFilterReadsSystemFields() throws {
        for field in WorkerSystemField.allCases {
            let root = try T.root("\(field.keyName) == 'x'", kind: .workerFilter)
            #expect(root == .comparison(.workerSystemField(field), .equal, .constant(.string("x"))))
        }
        #expect(try T.root("skills HAS 'x'", kind: .workerFilter) == .comparison(T.workerKey("skills"), .has, .constant(.string("x"))))
        #expect(try T.root("sid.x == 1", kind: .workerFilter) == .comparison(T.workerKey("sid", "x"), .equal, .constant(.number(1))))
    }

    @Test func workerFilterEvaluatesSystemFields() throws {
        let expression = try AllotCore.Expression("activity_name == 'Idle' AND skills HAS 'x'", kind: .workerFilter)
        var context = DocumentContext()
        try context.setWorker(fromDocument: TestJSON.parse(#"{"activity_name":"Idle","skills":["x"]}"#))
        #expect(expression.evaluate(in: context))
    }

    @Test func filterKeysReadTaskAttributes() throws {
        #expect(try T.root("type == 'x'", kind: .taskFilter) == .comparison(T.taskKey("type"), .equal, .constant(.string("x"))))
        #expect(try T.root("task.type == 'x'", kind: .taskFilter) == .comparison(T.taskKey("task", "type"), .equal, .constant(.string("x"))))
    }

    @Test func targetKeysNeedPrefix() throws {
        for source in ["type == 1", "task == 1", "worker == 1", "task[0] == 1", "tasks.x == 1", "Task.x == 1"] {
            let error = try #require(T.error(source, kind: .target), "\(source)")
            #expect(error.column == 1)
            #expect(error.message.contains("must begin with 'task.' or 'worker.'"))
        }
        let later = try #require(T.error("task.a == 1 AND b == 2", kind: .target))
        #expect(later.column == 17)
    }

    @Test func targetResolvesTaskAndWorker() throws {
        let root = try T.root("task.a.b == worker.c[1]", kind: .target)
        #expect(root == .comparison(T.taskKey("a", "b"), .equal, .key(root: .worker, path: [.member("c"), .index(1)])))
    }

    @Test func targetResolvesWorkerSystemFields() throws {
        for field in WorkerSystemField.allCases {
            let root = try T.root("worker.\(field.keyName) == 'x'", kind: .target)
            #expect(root == .comparison(.workerSystemField(field), .equal, .constant(.string("x"))))
        }
        // Only under worker., not under task.
        #expect(try T.root("task.sid == 'x'", kind: .target) == .comparison(T.taskKey("sid"), .equal, .constant(.string("x"))))
    }

    @Test func targetResolvesChannelFields() throws {
        for field in WorkerChannelField.allCases {
            let root = try T.root("worker.channel.voice.\(field.keyName) == 1", kind: .target)
            #expect(root == .comparison(.workerChannelField(channel: "voice", field: field), .equal, .constant(.number(1))))
        }
        let unknownField = try T.root("worker.channel.voice.other == 1", kind: .target)
        #expect(unknownField == .comparison(T.workerKey("channel", "voice", "other"), .equal, .constant(.number(1))))
        let deeper = try T.root("worker.channel.voice.assigned_tasks.x == 1", kind: .target)
        #expect(deeper == .comparison(T.workerKey("channel", "voice", "assigned_tasks", "x"), .equal, .constant(.number(1))))
    }

    @Test func skipIfResolvesCounters() throws {
        #expect(try T.root("workers.available == 0", kind: .skipIf) == .comparison(.workerCount(.available), .equal, .constant(.number(0))))
        #expect(try T.root("workers.unavailable > 1", kind: .skipIf) == .comparison(.workerCount(.unavailable), .greater, .constant(.number(1))))
        #expect(
            try T.root("workers.WA0123 < 2", kind: .skipIf)
                == .comparison(.workerCount(.activity(sid: "WA0123")), .less, .constant(.number(2)))
        )
        #expect(try AllotCore.Expression("1==1", kind: .skipIf).isTautology)
    }

    @Test func skipIfRejectsOtherKeys() throws {
        for source in ["skills HAS 'x'", "workers == 1", "workers.a.b == 1", "workers.a[0] == 1", "worker.available == 1", "taskrouter.currentTime > 1"] {
            let error = try #require(T.error(source, kind: .skipIf), "\(source)")
            #expect(error.column == 1)
            #expect(error.message.contains("workers.available"))
        }
    }

    @Test func clockKeysResolveWhereAllowed() throws {
        for kind in [ExpressionKind.taskFilter, .target, .workerFilter] {
            for field in ClockField.allCases {
                let root = try T.root("taskrouter.\(field.keyName) == 1", kind: kind)
                #expect(root == .comparison(.clock(field), .equal, .constant(.number(1))))
            }
        }
    }

    @Test func clockKeysRejectedInQueues() throws {
        let error = try #require(T.error("taskrouter.currentTime > 800", kind: .queueTargetWorkers))
        #expect(error.message.contains("not available in a queue's target_workers"))
    }

    @Test func unknownClockKeysAreRejected() throws {
        for source in ["taskrouter.currentSecond > 1", "taskrouter == 1", "taskrouter.currentTime.x == 1", "taskrouter.currentTime[0] == 1"] {
            let error = try #require(T.error(source, kind: .taskFilter), "\(source)")
            #expect(error.message.contains("unknown time key"))
        }
    }
}
