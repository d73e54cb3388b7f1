import AllotCore

extension EngineHandler {
    public func workspaceCountByAccount() -> [String: Int] {
        engine.workspaceCountByAccount()
    }

    /// Sums the real-time statistics of every workspace of `accounts`.
    ///
    /// - Complexity: O(workspaces × the cost of one workspace's real-time
    ///   statistics), taking one shard lock at a time. That suits a scrape
    ///   every few seconds, not a call per request.
    public func engineGauges(accounts: [Account]) -> EngineGauges {
        let now = Timestamp(WallClockInstant.now())
        var totals: [TaskStatus: Int] = [:]
        var workspaceCount: UInt64 = 0
        let pageSize = engine.configuration.limits.maximumPageSize
        for account in accounts {
            var token: String?
            for _ in 0..<ServerLimits.maximumGaugeWorkspacePages {
                guard let page = try? engine.listWorkspaces(account: account.sid, page: PageRequest(pageSize: pageSize, pageToken: token)) else {
                    break
                }
                for workspace in page.items {
                    // A workspace deleted since the listing is left out.
                    guard let statistics = try? engine.workspaceStatistics(workspace: workspace.sid, account: account.sid, now: now) else {
                        continue
                    }
                    let counts = statistics.tasks.tasksByStatus
                    totals[.pending, default: 0] += counts.pending
                    totals[.reserved, default: 0] += counts.reserved
                    totals[.assigned, default: 0] += counts.assigned
                    totals[.wrapping, default: 0] += counts.wrapping
                    workspaceCount += 1
                }
                guard let next = page.nextPageToken else { break }
                token = next
            }
        }
        let tasksByStatus = [TaskStatus.pending, .reserved, .assigned, .wrapping].map { status in
            (status: status.rawValue, count: UInt64(nonNegative: totals[status] ?? 0))
        }
        return EngineGauges(tasksByStatus: tasksByStatus, workspaces: workspaceCount,
                            subscriptions: UInt64(nonNegative: subscriptions.subscriptionCount),
                            persistence: persistenceMetrics?.gauges(journalBacklogBytes: durable?.journalBacklogBytes))
    }
}

extension EngineHandler {
    public func readinessProblem() -> String? {
        durable?.journalProblem.map { "changes are rejected because the journal cannot take them: \($0)" }
    }
}
