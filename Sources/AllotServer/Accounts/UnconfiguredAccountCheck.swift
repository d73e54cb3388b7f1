/// Finds workspaces whose account the server does not accept, which no client can reach.
///
/// That happens when a data folder is restored without the credentials.json or accounts
/// file of its account: the server then creates a new local account, and the restored
/// workspaces stay with the old one.
enum UnconfiguredAccountCheck {
    /// Accounts warned about one by one at most. The cap keeps a folder restored without an
    /// accounts file of thousands of accounts from flooding the log, and a last line counts the rest.
    static let maximumWarnedAccounts = 100

    /// Returns the workspace count of each account SID in `workspaceCounts` that `accounts`
    /// lacks, sorted by SID.
    static func unconfiguredAccounts(workspaceCounts: [String: Int], accounts: AccountStore) -> [(sid: String, workspaceCount: Int)] {
        let configured = Set(accounts.accounts.map(\.sid))
        return workspaceCounts
            .filter { !configured.contains($0.key) }
            .sorted { $0.key < $1.key }
            .map { (sid: $0.key, workspaceCount: $0.value) }
    }

    /// Logs one warning per account SID that owns workspaces and is not configured.
    static func warn(workspaceCounts: [String: Int], accounts: AccountStore, logger: Logger) {
        let unconfigured = unconfiguredAccounts(workspaceCounts: workspaceCounts, accounts: accounts)
        for account in unconfigured.prefix(maximumWarnedAccounts) {
            logger.warning("workspaces belong to an account that is not configured; no client can reach them",
                           ("account.sid", account.sid), ("workspace_count", "\(account.workspaceCount)"),
                           ("fix", "restore the credentials.json or accounts file that contains this account SID, then send SIGHUP or restart"))
        }
        if unconfigured.count > maximumWarnedAccounts {
            let remaining = unconfigured.dropFirst(maximumWarnedAccounts)
            logger.warning("more accounts that are not configured own workspaces",
                           ("account_count", "\(remaining.count)"),
                           ("workspace_count", "\(remaining.reduce(0) { $0 + $1.workspaceCount })"))
        }
    }
}
