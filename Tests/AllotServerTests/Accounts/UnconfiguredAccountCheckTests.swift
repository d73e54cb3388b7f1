import Testing
@testable import AllotServer

@Suite struct UnconfiguredAccountCheckTests {
    static let configuredSID = "AC" + String(repeating: "0", count: 31) + "1"

    func store() throws -> AccountStore {
        var store = AccountStore()
        try store.add(sid: Self.configuredSID, secret: String(repeating: "s", count: 40), isAdministrator: true)
        return store
    }

    @Test func missingAccountsAreListedWithCounts() throws {
        let counts = [Self.configuredSID: 4, "ACbb": 2, "ACaa": 1]
        let missing = UnconfiguredAccountCheck.unconfiguredAccounts(workspaceCounts: counts, accounts: try store())
        #expect(missing.map(\.sid) == ["ACaa", "ACbb"])
        #expect(missing.map(\.workspaceCount) == [1, 2])
    }

    @Test func configuredAccountsAreNotListed() throws {
        let missing = UnconfiguredAccountCheck.unconfiguredAccounts(workspaceCounts: [Self.configuredSID: 4], accounts: try store())
        #expect(missing.isEmpty)
    }
}
