import AllotWire

/// Builds random requests of every case of the protocol, naming resources
/// that the fuzzed handler created most of the time and edge values the
/// rest of the time.
struct RequestGenerator {
    var values: FuzzValues
    var pools = FuzzPools()
    /// Index of the account the next request is sent as.
    var account = 0
    /// The fuzzer's clock in milliseconds since the epoch.
    var now: Int64 = 0
    /// Numbers new friendly names, so that most of them are unique.
    private var nameCounter = 0
    /// Request cases not yet sent by the closing tour; see `tourNextCase`.
    private var tour = Wire.ClientFrame.Request.fieldNames
    /// The case the next request must be, set by the tour.
    private var forcedCase: String?

    init(seed: UInt64) {
        values = FuzzValues(seed: seed)
    }

    /// Relative frequency of each request case; a case not listed has 1.
    /// Creating and driving tasks comes often so that routing runs deep, and
    /// deleting a workspace rarely so that state can build up.
    static let weights: [String: Double] = [
        "create_workspace": 0.3, "delete_workspace": 0.1, "create_worker": 3, "update_worker": 3,
        "create_task_queue": 2, "create_workflow": 2, "create_task": 6, "update_task": 3,
        "update_reservation": 6, "list_task_reservations": 3, "list_worker_reservations": 2,
        "update_worker_channel": 2, "subscribe_events": 0.5, "delete_task_channel": 0.1, "delete_activity": 0.2,
        "delete_task_queue": 0.2, "delete_workflow": 0.2, "delete_worker": 0.5,
    ]

    private static let cumulativeWeights: [(name: String, upTo: Double)] = {
        var total = 0.0
        return Wire.ClientFrame.Request.fieldNames.map { name in
            total += weights[name] ?? 1
            return (name, total)
        }
    }()

    /// Makes the next request the next case of a tour of every case, once the
    /// previous one was sent. The fuzzer takes the tour over its last steps. Rare cases are then sent in every
    /// run, and destructive ones such as deleting a workspace cost nothing.
    mutating func tourNextCase() {
        if forcedCase == nil, !tour.isEmpty { forcedCase = tour.removeFirst() }
    }

    /// Returns the field name of a request case, chosen by `weights`.
    mutating func nextCaseName() -> String {
        if let forced = forcedCase {
            forcedCase = nil
            return forced
        }
        let cases = Self.cumulativeWeights
        let ownCount = pools.workspaces(ofAccount: account).count
        if ownCount == 0 && values.chance(0.8) { return "create_workspace" }
        let target = Double.random(in: 0..<(cases.last?.upTo ?? 1), using: &values.random)
        return cases.first { target < $0.upTo }?.name ?? "echo"
    }

    /// Builds a request of the case with field name `name`, or nil for a
    /// case this generator does not know.
    mutating func request(named name: String) -> Wire.ClientFrame.Request? {
        values.plausible = values.chance(0.5)
        if let request = workspaceRequest(name) ?? workerRequest(name) ?? routingRequest(name) { return request }
        return taskRequest(name) ?? statisticsRequest(name) ?? eventRequest(name)
    }

    // MARK: Values

    mutating func nextName() -> String {
        nameCounter += 1
        return values.friendlyName(counter: nameCounter)
    }

    /// Returns a workspace SID: mostly one of the account's, the oldest most often
    /// so that its resources pile up, sometimes another account's or a malformed one.
    mutating func workspaceSid() -> String {
        let own = pools.workspaces(ofAccount: account)
        let roll = values.plausible ? 0 : Double.random(in: 0..<1, using: &values.random)
        if roll < 0.9, let oldest = own.first { return values.chance(0.85) ? oldest : values.pick(own) }
        if roll < 0.94, !pools.workspaceOrder.isEmpty { return values.pick(pools.workspaceOrder) }
        if roll < 0.96, !pools.deletedSids.isEmpty { return values.pick(pools.deletedSids) }
        return values.malformedSid(prefix: "WS")
    }

    /// Returns a SID of `kind`: mostly one known in `workspace`, else one of
    /// another workspace, of another kind, of a deleted resource, or a malformed one.
    mutating func sid(_ kind: FuzzResource, in workspace: String) -> String {
        let known = pools.workspaces[workspace]?.known(kind) ?? []
        let roll = values.plausible ? 0 : Double.random(in: 0..<1, using: &values.random)
        // The newest resources are the likeliest to be in a state that a change
        // applies to, such as a reservation that is still pending.
        if roll < 0.8, !known.isEmpty { return values.pick(values.chance(0.5) ? Array(known.suffix(2)) : known) }
        if roll >= 0.8, roll < 0.85, let other = otherWorkspaceSid(kind, besides: workspace) { return other }
        if roll < 0.9, let entry = pools.workspaces[workspace] {
            let kinds = FuzzResource.allCases.filter { !entry.known($0).isEmpty }
            if !kinds.isEmpty { return values.pick(entry.known(values.pick(kinds))) }
        }
        if roll >= 0.9, roll < 0.93, !pools.deletedSids.isEmpty { return values.pick(pools.deletedSids) }
        return values.malformedSid(prefix: kind.prefix)
    }

    private mutating func otherWorkspaceSid(_ kind: FuzzResource, besides workspace: String) -> String? {
        let others = pools.workspaceOrder.filter { $0 != workspace && !(pools.workspaces[$0]?.known(kind).isEmpty ?? true) }
        guard !others.isEmpty else { return nil }
        return values.pick(pools.workspaces[values.pick(others)]?.known(kind) ?? [])
    }

    /// Returns an activity SID, most often one in which workers take tasks, so
    /// that workers become ready and tasks get reserved.
    mutating func activitySid(in workspace: String) -> String {
        let available = pools.workspaces[workspace]?.availableActivities ?? []
        if !available.isEmpty && values.chance(values.plausible ? 0.8 : 0.5) { return values.pick(available) }
        return sid(.activity, in: workspace)
    }

    /// Returns a task channel's unique name, TC SID or WC SID.
    mutating func channelIdentifier(in workspace: String) -> String {
        let names = pools.workspaces[workspace]?.channelNames ?? []
        let roll = Double.random(in: 0..<(values.plausible ? 0.75 : 1), using: &values.random)
        if roll < 0.4 { return values.pick(["default", "voice", "sms", "chat", "video"]) }
        if roll < 0.6, !names.isEmpty { return values.pick(names) }
        if roll < 0.75 { return sid(.taskChannel, in: workspace) }
        if roll < 0.85 { return sid(.workerChannel, in: workspace) }
        return values.text()
    }

    /// Returns an `If-Match` version: mostly none, else a recent one or an edge value.
    mutating func version(in workspace: String) -> UInt64? {
        let known = pools.workspaces[workspace]?.versions ?? []
        let roll = values.plausible ? 0 : Double.random(in: 0..<1, using: &values.random)
        if roll < 0.6 { return nil }
        if roll < 0.85, !known.isEmpty { return values.pick(known) }
        return values.uint64()
    }

    mutating func pageToken() -> String {
        let roll = Double.random(in: 0..<(values.plausible ? 0.8 : 1), using: &values.random)
        if roll < 0.6 { return "" }
        if roll < 0.8, !pools.pageTokens.isEmpty { return values.pick(pools.pageTokens) }
        return values.pick(["v1", "v1.", "v1.0", "v1.ffffffffffffffff", "v1.ffffffffffffffff.ffffffffffffffff",
                            "v1.0.0.0.0.0.0.0.0", "v1.0.0.0.0.0.0.0.0.0", "v1.-1", "v1.zz", "v2.0", ".", "v1.0.",
                            "v1.10000000000000000", values.text()])
    }

    mutating func attributes(in workspace: String) -> String {
        let names = (pools.workspaces[workspace]?.workerNames ?? []) + (pools.workspaces[workspace]?.known(.worker) ?? [])
        return values.attributes(workerNames: names)
    }
}
