import Foundation

/// An account's SID and secret, as allot-server writes them to
/// `<data-dir>/credentials.json`: `{"account_sid": "AC…", "secret": "…"}`.
public struct AllotCredentials: Sendable, Equatable {
    /// Path of the credentials file of a server started in the current
    /// directory with the default data directory, `allot-data`.
    public static let defaultPath = "./allot-data/credentials.json"

    /// Account SID, starting with "AC".
    public var accountSID: String
    /// The account's secret.
    public var secret: String

    /// Creates credentials from their parts.
    public init(accountSID: String, secret: String) {
        self.accountSID = accountSID
        self.secret = secret
    }

    /// Reads the credentials file at `path`.
    ///
    /// - Throws: `AllotError` with `unauthenticated` when the file is
    ///   missing, too large or not an object with string fields
    ///   `account_sid` and `secret`.
    public static func load(path: String = defaultPath) throws(AllotError) -> AllotCredentials {
        guard FileManager.default.fileExists(atPath: path) else {
            throw AllotError(code: .unauthenticated, message: "the credentials file '\(path)' does not exist. Pass the path of "
                + "an account's credentials (--credentials to allot, credentialsPath: in the SDK): the credentials.json that "
                + "allot-server writes into its data directory (--data-dir, ./allot-data by default) when it first starts "
                + "without configured accounts, or for an account of the server's accounts file a file of your own holding "
                + #"{"account_sid": "AC…", "secret": "…"}"#)
        }
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? Int, size > ClientLimits.maximumCredentialsFileBytes {
                throw invalid(path, "it is larger than \(ClientLimits.maximumCredentialsFileBytes) bytes")
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as AllotError {
            throw error
        } catch {
            throw invalid(path, "it cannot be read (\(error.localizedDescription)); check its permissions, or pass the credentials.json in allot-server's data directory")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let sid = object["account_sid"] as? String,
              let secret = object["secret"] as? String else {
            throw invalid(path, #"it must hold a JSON object {"account_sid": "AC…", "secret": "…"}"#)
        }
        return AllotCredentials(accountSID: sid, secret: secret)
    }

    private static func invalid(_ path: String, _ reason: String) -> AllotError {
        AllotError(code: .unauthenticated, message: "invalid credentials file '\(path)': \(reason)")
    }
}
