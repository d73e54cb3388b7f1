import AllotWire

/// A kind of resource that requests name by SID inside a workspace.
enum FuzzResource: CaseIterable {
    case activity, taskChannel, worker, workerChannel, taskQueue, workflow, task, reservation, event

    var prefix: String {
        switch self {
        case .activity: "WA"
        case .taskChannel: "TC"
        case .worker: "WK"
        case .workerChannel: "WC"
        case .taskQueue: "WQ"
        case .workflow: "WW"
        case .task: "WT"
        case .reservation: "WR"
        case .event: "EV"
        }
    }
}

/// SIDs, names, versions and tokens that the fuzzed handler returned, so
/// that later requests can name resources that exist and reach deep paths.
///
/// Every collection is an array, because picking from a dictionary's
/// iteration order would differ between runs of the same seed.
struct FuzzPools {
    /// Maximum entries kept per list. The oldest is forgotten first.
    static let maximumEntries = 48

    /// The resources learned in one workspace.
    struct Workspace {
        /// Index of the owning account in the fuzzer's accounts.
        let account: Int
        var sids: [FuzzResource: [String]] = [:]
        var channelNames: [String] = []
        var workerNames: [String] = []
        /// Activities in which workers take tasks.
        var availableActivities: [String] = []
        var eventSequences: [UInt64] = []
        var versions: [UInt64] = []

        func known(_ kind: FuzzResource) -> [String] { sids[kind] ?? [] }
    }

    private(set) var workspaces: [String: Workspace] = [:]
    /// Workspace SIDs in the order they were learned.
    private(set) var workspaceOrder: [String] = []
    /// SIDs of deleted resources of every kind.
    private(set) var deletedSids: [String] = []
    private(set) var subscriptionIDs: [UInt64] = []
    private(set) var pageTokens: [String] = []

    func workspaces(ofAccount account: Int) -> [String] {
        workspaceOrder.filter { workspaces[$0]?.account == account }
    }

    // MARK: Learning

    /// Records what a reply to `account` names.
    mutating func learn(_ response: Wire.ServerFrame.Response, account: Int) {
        switch response {
        case .workspace(let workspace): learn(workspace, account: account)
        case .workspacePage(let page):
            page.workspaces.forEach { learn($0, account: account) }
            remember(page.nextPageToken)
        case .activity(let activity): learn(activity)
        case .activityPage(let page):
            page.activities.forEach { learn($0) }
            remember(page.nextPageToken)
        case .taskChannel(let channel): learn(channel)
        case .taskChannelPage(let page):
            page.taskChannels.forEach { learn($0) }
            remember(page.nextPageToken)
        case .worker(let worker): learn(worker)
        case .workerPage(let page):
            page.workers.forEach { learn($0) }
            remember(page.nextPageToken)
        case .workerChannel(let channel): add(.workerChannel, channel.sid, in: channel.workspaceSID)
        case .workerChannelPage(let page):
            page.workerChannels.forEach { add(.workerChannel, $0.sid, in: $0.workspaceSID) }
            remember(page.nextPageToken)
        default:
            learnRouting(response)
        }
    }

    private mutating func learnRouting(_ response: Wire.ServerFrame.Response) {
        switch response {
        case .taskQueue(let queue): add(.taskQueue, queue.sid, in: queue.workspaceSID)
        case .taskQueuePage(let page):
            page.taskQueues.forEach { add(.taskQueue, $0.sid, in: $0.workspaceSID) }
            remember(page.nextPageToken)
        case .workflow(let workflow): add(.workflow, workflow.sid, in: workflow.workspaceSID)
        case .workflowPage(let page):
            page.workflows.forEach { add(.workflow, $0.sid, in: $0.workspaceSID) }
            remember(page.nextPageToken)
        case .task(let task): learn(task)
        case .taskPage(let page):
            page.tasks.forEach { learn($0) }
            remember(page.nextPageToken)
        case .reservation(let reservation): learn(reservation)
        case .reservationPage(let page):
            page.reservations.forEach { learn($0) }
            remember(page.nextPageToken)
        case .event(let event): learn(event)
        case .eventPage(let page):
            page.events.forEach { learn($0) }
            remember(page.nextPageToken)
        case .subscription(let subscription): Self.append(subscription.subscriptionID, to: &subscriptionIDs)
        case .deleted(let deleted): forget(deleted.sid)
        default: break
        }
    }

    /// Records the resources an event names.
    mutating func learn(_ event: Wire.Event) {
        let workspace = event.workspaceSID
        add(.event, event.sid, in: workspace)
        if !event.taskSID.isEmpty { add(.task, event.taskSID, in: workspace) }
        if !event.reservationSID.isEmpty { add(.reservation, event.reservationSID, in: workspace) }
        if !event.workerSID.isEmpty { add(.worker, event.workerSID, in: workspace) }
        update(workspace) { Self.append(event.sequence, to: &$0.eventSequences) }
    }

    private mutating func learn(_ workspace: Wire.Workspace, account: Int) {
        if workspaces[workspace.sid] == nil {
            workspaces[workspace.sid] = Workspace(account: account)
            workspaceOrder.append(workspace.sid)
        }
        add(.activity, workspace.defaultActivitySID, in: workspace.sid)
        add(.activity, workspace.timeoutActivitySID, in: workspace.sid)
    }

    private mutating func learn(_ activity: Wire.Activity) {
        add(.activity, activity.sid, in: activity.workspaceSID)
        if activity.available { update(activity.workspaceSID) { Self.append(activity.sid, to: &$0.availableActivities) } }
    }

    private mutating func learn(_ channel: Wire.TaskChannel) {
        add(.taskChannel, channel.sid, in: channel.workspaceSID)
        update(channel.workspaceSID) { Self.append(channel.uniqueName, to: &$0.channelNames) }
    }

    private mutating func learn(_ worker: Wire.Worker) {
        add(.worker, worker.sid, in: worker.workspaceSID)
        add(.activity, worker.activitySID, in: worker.workspaceSID)
        update(worker.workspaceSID) { workspace in
            Self.append(worker.friendlyName, to: &workspace.workerNames)
            Self.append(worker.version, to: &workspace.versions)
        }
    }

    private mutating func learn(_ task: Wire.Task) {
        add(.task, task.sid, in: task.workspaceSID)
        update(task.workspaceSID) { Self.append(task.version, to: &$0.versions) }
    }

    private mutating func learn(_ reservation: Wire.Reservation) {
        add(.reservation, reservation.sid, in: reservation.workspaceSID)
        update(reservation.workspaceSID) { Self.append(reservation.version, to: &$0.versions) }
    }

    // MARK: Bookkeeping

    private mutating func add(_ kind: FuzzResource, _ sid: String, in workspace: String) {
        guard !sid.isEmpty else { return }
        update(workspace) { Self.append(sid, to: &$0.sids[kind, default: []]) }
    }

    /// Applies `body` to a known workspace, and does nothing for an unknown one.
    private mutating func update(_ workspace: String, _ body: (inout Workspace) -> Void) {
        guard var entry = workspaces[workspace] else { return }
        body(&entry)
        workspaces[workspace] = entry
    }

    private mutating func remember(_ pageToken: String) {
        if !pageToken.isEmpty { Self.append(pageToken, to: &pageTokens) }
    }

    /// Moves a deleted SID from the pools to the list of stale SIDs.
    private mutating func forget(_ sid: String) {
        Self.append(sid, to: &deletedSids)
        if workspaces.removeValue(forKey: sid) != nil {
            workspaceOrder.removeAll { $0 == sid }
            return
        }
        for workspace in workspaceOrder {
            for kind in FuzzResource.allCases {
                workspaces[workspace]?.sids[kind]?.removeAll { $0 == sid }
            }
            workspaces[workspace]?.availableActivities.removeAll { $0 == sid }
        }
    }

    /// Forgets the SIDs of `workspace` that a NOT_FOUND message about it
    /// quotes, such as a task that its retention removed without an event.
    mutating func forgetMissing(quotedIn message: String, workspace: String) {
        update(workspace) { entry in
            for kind in FuzzResource.allCases {
                entry.sids[kind]?.removeAll { message.contains("'\($0)'") }
            }
        }
    }

    /// Drops a subscription that ended.
    mutating func forgetSubscription(_ id: UInt64) {
        subscriptionIDs.removeAll { $0 == id }
    }

    private static func append<Value: Equatable>(_ value: Value, to list: inout [Value]) {
        guard !list.contains(value) else { return }
        list.append(value)
        if list.count > maximumEntries { list.removeFirst() }
    }
}
