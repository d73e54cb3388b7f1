import Testing
@testable import AllotServer

@Suite struct AccountStoreTests {
    let sid = "AC" + String(repeating: "1", count: 32)
    let secret = String(repeating: "s", count: 64)

    @Test func rightSecretAuthenticates() throws {
        var store = AccountStore()
        try store.add(sid: sid, secret: secret, isAdministrator: false)
        #expect(store.authenticate(sid: sid, secret: secret) == Account(sid: sid, isAdministrator: false))
    }

    @Test func wrongSecretFails() throws {
        var store = AccountStore()
        try store.add(sid: sid, secret: secret, isAdministrator: true)
        #expect(store.authenticate(sid: sid, secret: secret + "x") == nil)
        #expect(store.authenticate(sid: sid, secret: String(secret.dropLast()) + "t") == nil)
        #expect(store.authenticate(sid: sid, secret: "") == nil)
    }

    @Test func unknownSIDFails() {
        #expect(AccountStore().authenticate(sid: sid, secret: secret) == nil)
    }

    @Test func invalidSIDIsRejected() {
        var store = AccountStore()
        #expect(throws: ConfigurationError.self) { try store.add(sid: "AC123", secret: secret, isAdministrator: false) }
        #expect(throws: ConfigurationError.self) { try store.add(sid: "AC" + String(repeating: "G", count: 32), secret: secret, isAdministrator: false) }
    }

    @Test func shortSecretIsRejected() {
        var store = AccountStore()
        #expect(throws: ConfigurationError.self) { try store.add(sid: sid, secret: "short", isAdministrator: false) }
    }

    @Test func constantTimeEqualsComparesLengthsAndBytes() {
        #expect(constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!constantTimeEquals([1, 2, 3], [1, 2]))
        #expect(!constantTimeEquals([], [0]))
        // Lengths that differ by a multiple of 256 must not compare equal.
        #expect(!constantTimeEquals([UInt8](repeating: 0, count: 256), []))
        #expect(constantTimeEquals([], []))
    }

    @Test func randomSIDIsValid() {
        #expect(AccountSID.isValid(AccountSID.random()))
        #expect(AccountSID.random() != AccountSID.random())
    }
}
