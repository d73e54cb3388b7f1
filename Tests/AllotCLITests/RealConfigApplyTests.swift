import Foundation
import Testing

/// Applies the published TaskRouter configurations through `allot apply`,
/// each loaded unchanged from the repository copy by a wrapper file in
/// RealConfigs/ that maps its `${...}` placeholders and adds what the
/// document lacks, then routes tasks through them.
@Suite struct RealConfigApplyTests {
    static let wrappers = ["callback-retry.json", "flex-template-queues.json", "pulumi-language.json", "bulk-workers.json"]

    static func wrapperPath(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("RealConfigs").appendingPathComponent(name).path
    }

    /// Returns the task as `task get --json` prints it.
    static func task(_ session: ServerSession, _ sid: String, in workspace: String) throws -> [String: Any] {
        try #require(try session.json("task", "get", sid, "--workspace", workspace) as? [String: Any])
    }

    /// Returns the SID of the task queue with `name`.
    static func queueSID(_ session: ServerSession, named name: String, in workspace: String) throws -> String {
        let queues = try session.json("queue", "list", "--workspace", workspace, "--name", name) as? [[String: Any]] ?? []
        return try #require(queues.first?["sid"] as? String, "no queue named \(name)")
    }

    @Test func wrappersApplyTwiceUnchanged() throws {
        let session = try ServerSession()
        for wrapper in Self.wrappers {
            let first = try session.json("apply", "-f", Self.wrapperPath(wrapper)) as? [[String: Any]] ?? []
            #expect(first.contains { $0["action"] as? String == "created" && $0["kind"] as? String == "workflow" }, "\(wrapper)")
            let second = try session.json("apply", "-f", Self.wrapperPath(wrapper)) as? [[String: Any]] ?? []
            #expect(second.count == first.count, "\(wrapper)")
            #expect(second.allSatisfy { $0["action"] as? String == "unchanged" }, "\(wrapper): \(second)")
        }
    }

    @Test func callbackRetryWaitsInItsDelayStep() throws {
        let session = try ServerSession()
        let workspace = try session.applyFile(Self.wrapperPath("callback-retry.json"))
        // The first step of a retry targets "1==0" for 600 seconds: the task
        // waits in the queue while the only worker is idle.
        let retry = try session.createTask(in: workspace, attributes: #"{"callBackData": {"attempts": 1}}"#)
        #expect(try Self.task(session, retry, in: workspace)["task_queue_friendly_name"] as? String == "Everyone")
        #expect(try session.reservedWorkers(task: retry, in: workspace, waitSeconds: 0).isEmpty)
        let first = try session.createTask(in: workspace, attributes: #"{"name": "first attempt"}"#)
        #expect(try session.reservedWorkers(task: first, in: workspace) == ["Agent"])
        #expect(try session.reservedWorkers(task: retry, in: workspace, waitSeconds: 0).isEmpty)
    }

    @Test func flexQueuesRouteBySkill() throws {
        let session = try ServerSession()
        let workspace = try session.applyFile(Self.wrapperPath("flex-template-queues.json"))
        let queues = try session.json("queue", "list", "--workspace", workspace) as? [[String: Any]] ?? []
        #expect(Set(queues.compactMap { $0["friendly_name"] as? String })
                == ["Everyone", "Template Example Sales", "Template Example Support", "Internal Calls"])
        let sales = try session.createTask(in: workspace, attributes: #"{"department": "sales"}"#)
        #expect(try Self.task(session, sales, in: workspace)["task_queue_friendly_name"] as? String == "Template Example Sales")
        #expect(try session.reservedWorkers(task: sales, in: workspace) == ["Sasha"])
        let support = try session.createTask(in: workspace, attributes: #"{"department": "support"}"#)
        #expect(try session.reservedWorkers(task: support, in: workspace) == ["Pat"])
        let other = try session.createTask(in: workspace, attributes: #"{"department": "billing"}"#)
        #expect(try Self.task(session, other, in: workspace)["task_queue_friendly_name"] as? String == "Everyone")
    }

    @Test func pulumiProgramRoutesByLanguage() throws {
        let session = try ServerSession()
        let workspace = try session.applyFile(Self.wrapperPath("pulumi-language.json"))
        let workflows = try session.json("workflow", "list", "--workspace", workspace) as? [[String: Any]] ?? []
        #expect(workflows.first?["friendly_name"] as? String == "Incoming Customer Care Requests")
        #expect(workflows.first?["task_reservation_timeout"] as? Int == 1_200)
        #expect(workflows.first?["assignment_callback_url"] as? String == "http://example.org")

        let spanish = try session.createTask(in: workspace, attributes: #"{"selected_language": "es"}"#)
        #expect(try Self.task(session, spanish, in: workspace)["task_queue_friendly_name"] as? String == "Spanish Queue")
        #expect(try session.reservedWorkers(task: spanish, in: workspace) == ["worker-one"])
        let english = try session.createTask(in: workspace, attributes: #"{"selected_language": "en"}"#)
        #expect(try session.reservedWorkers(task: english, in: workspace) == ["worker-two"])

        // The document has no default filter, so a task no filter matches is rejected.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("task-\(UUID().uuidString).json")
        try Data(#"{"selected_language": "fr"}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let french = try session.run("task", "create", "--workspace", workspace, "--attributes", "@" + file.path)
        #expect(french.status == 1)
        #expect(french.standardError.contains("INVALID_ARGUMENT"))
    }

    @Test func bulkWorkersJoinQueuesByAttributes() throws {
        let session = try ServerSession()
        let workspace = try session.applyFile(Self.wrapperPath("bulk-workers.json"))
        let workers = try session.json("worker", "list", "--workspace", workspace, "--available", "true") as? [[String: Any]] ?? []
        #expect(workers.count == 3)
        // An empty routing.skills list makes HAS false, and the shared e-mail address matches two workers.
        let skilled = try session.json("stats", "queue", try Self.queueSID(session, named: "Some skill", in: workspace),
                                       "--workspace", workspace) as? [String: Any]
        #expect(skilled?["total_eligible_workers"] as? Int == 1)
        let byEmail = try session.json("stats", "queue", try Self.queueSID(session, named: "Agent one email", in: workspace),
                                       "--workspace", workspace) as? [String: Any]
        #expect(byEmail?["total_eligible_workers"] as? Int == 2)

        // Only the third worker has a skill level, so the level ordering offers it the task first.
        let task = try session.createTask(in: workspace, attributes: "{}")
        #expect(try session.reservedWorkers(task: task, in: workspace) == ["agent.three@example.com"])
        let emailTask = try session.createTask(in: workspace, attributes: #"{"contact": "agent.one@example.com"}"#)
        let emailWorkers = try session.reservedWorkers(task: emailTask, in: workspace)
        #expect(emailWorkers.count == 1)
        #expect(emailWorkers.allSatisfy { ["agent.one@example.com", "agent.two@example.com"].contains($0) })
    }
}
