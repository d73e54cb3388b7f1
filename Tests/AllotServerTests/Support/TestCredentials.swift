import AllotTestSupport
import Foundation

extension ServerProcess {
    /// The credentials the server wrote to `credentials.json`, read anew on
    /// each use. An unreadable file gives empty ones, which the server rejects.
    var credentials: TestCredentials {
        (try? TestCredentials(path: credentialsPath)) ?? TestCredentials(accountSID: "", secret: "", path: credentialsPath)
    }
}

/// The credentials the server wrote to its data directory.
struct TestCredentials: Sendable {
    let accountSID: String
    let secret: String
    let path: String

    init(accountSID: String, secret: String, path: String) {
        self.accountSID = accountSID
        self.secret = secret
        self.path = path
    }

    init(path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: String],
              let sid = object["account_sid"], let secret = object["secret"] else {
            throw TestFailure("\(path) does not hold account_sid and secret")
        }
        self.accountSID = sid
        self.secret = secret
        self.path = path
    }
}
