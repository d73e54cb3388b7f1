/// The accounts the server accepts, with their secrets. Immutable once built; a reload
/// builds a new store and replaces the old one.
public struct AccountStore: Sendable {
    private struct Entry: Sendable {
        let account: Account
        let secret: [UInt8]
    }

    private var entries: [String: Entry] = [:]

    /// A secret compared against when the SID is unknown, so that a wrong
    /// SID takes as long to reject as a wrong secret.
    private let decoySecret = Array(AccountSecret.random().utf8)

    public init() {}

    /// Number of accounts.
    public var count: Int { entries.count }

    /// Every account, in no particular order.
    public var accounts: [Account] { entries.values.map(\.account) }

    /// Adds an account; a second entry for the same SID is a configuration error.
    mutating func add(sid: String, secret: String, isAdministrator: Bool) throws(ConfigurationError) {
        guard AccountSID.isValid(sid) else {
            throw ConfigurationError("account SID \"\(sid)\" is invalid; expected AC followed by 32 lowercase hex digits")
        }
        guard secret.utf8.count >= AccountSecret.minimumBytes else {
            throw ConfigurationError("the secret of account \(sid) is shorter than \(AccountSecret.minimumBytes) characters")
        }
        guard entries[sid] == nil else {
            throw ConfigurationError("account \(sid) is configured twice")
        }
        entries[sid] = Entry(account: Account(sid: sid, isAdministrator: isAdministrator), secret: Array(secret.utf8))
    }

    /// Returns whether `account` is still accepted as it was authenticated, which means its
    /// SID is present with the same administrator flag. A changed secret does not matter,
    /// because the account proved it knew the secret that was current then.
    func accepts(_ account: Account) -> Bool {
        entries[account.sid]?.account.isAdministrator == account.isAdministrator
    }

    /// Returns the account when `secret` is its secret. The comparison takes
    /// the same time wherever the first difference is.
    public func authenticate(sid: String, secret: String) -> Account? {
        let entry = entries[sid]
        let matches = constantTimeEquals(Array(secret.utf8), entry?.secret ?? decoySecret)
        guard matches, let entry else { return nil }
        return entry.account
    }
}

/// Compares two byte strings in time that depends only on their lengths.
func constantTimeEquals(_ left: [UInt8], _ right: [UInt8]) -> Bool {
    var difference = UInt8(truncatingIfNeeded: left.count ^ right.count)
    difference |= UInt8(truncatingIfNeeded: (left.count ^ right.count) >> 8)
    let length = max(left.count, right.count)
    for index in 0..<length {
        let a = index < left.count ? left[index] : 0
        let b = index < right.count ? right[index] : 0
        difference |= a ^ b
    }
    return difference == 0 && left.count == right.count
}
