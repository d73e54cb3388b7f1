import AllotCore
import Foundation
import Glibc

/// The local account's credentials in `<data-dir>/credentials.json`:
/// {"account_sid": "AC…", "secret": "…"}, mode 0600.
enum CredentialsFile {
    static let fileName = "credentials.json"

    /// Largest credentials or accounts file read, in bytes.
    static let maximumFileBytes = 1 << 20

    struct Credentials: Equatable {
        let accountSID: String
        let secret: String
        let isAdministrator: Bool
    }

    static func path(dataDirectory: String) -> String {
        dataDirectory.hasSuffix("/") ? dataDirectory + fileName : dataDirectory + "/" + fileName
    }

    /// Creates the file with new random credentials; fails if it exists.
    static func create(at path: String, directory: String) throws(SystemError) -> Credentials {
        let credentials = Credentials(accountSID: AccountSID.random(), secret: AccountSecret.random(), isAdministrator: true)
        let text = "{\"account_sid\": \"\(credentials.accountSID)\", \"secret\": \"\(credentials.secret)\"}\n"
        let fd = try SystemCall.open(path, flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o600)
        do {
            try SystemCall.writeAll(fd, Array(text.utf8))
            try SystemCall.fsync(fd)
        } catch {
            try? SystemCall.close(fd)
            throw error
        }
        try SystemCall.close(fd)
        // Make the new directory entry durable as well.
        let directoryFD = try SystemCall.open(directory, flags: O_RDONLY | O_DIRECTORY, mode: 0)
        defer { try? SystemCall.close(directoryFD) }
        try SystemCall.fsync(directoryFD)
        return credentials
    }

    /// The keys a credentials object may have.
    static let keys = ["account_sid", "secret", "administrator"]

    /// Reads one credentials object (the local credentials file).
    static func readOne(at path: String) throws(ConfigurationError) -> Credentials {
        guard case .object(let object) = try readJSON(at: path) else {
            throw ConfigurationError("\(path) must hold a JSON object with account_sid and secret")
        }
        return try credentials(from: object, in: path, defaultAdministrator: true)
    }

    /// Reads an array of credentials objects (the accounts file).
    static func readList(at path: String) throws(ConfigurationError) -> [Credentials] {
        guard case .array(let array) = try readJSON(at: path) else {
            throw ConfigurationError("\(path) must hold a JSON array of objects with account_sid and secret")
        }
        var list: [Credentials] = []
        for (index, entry) in array.enumerated() {
            guard case .object(let object) = entry else {
                throw ConfigurationError("\(path): entry \(index + 1) is not a JSON object; write each account as {\"account_sid\": …, \"secret\": …}")
            }
            list.append(try credentials(from: object, in: "\(path): entry \(index + 1)", defaultAdministrator: false))
        }
        return list
    }

    private static func readJSON(at path: String) throws(ConfigurationError) -> AttributeValue {
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? Int, size > maximumFileBytes {
                throw ConfigurationError("\(path) is larger than \(maximumFileBytes) bytes")
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError("cannot read \(path): \(readFailure(error))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError("\(path) is not valid UTF-8; save it as UTF-8 JSON")
        }
        do {
            return try AttributeValue(parsingJSON: text, maximumBytes: maximumFileBytes)
        } catch {
            throw ConfigurationError("\(path) is not valid JSON: \(error.message)")
        }
    }

    /// Returns the reason a file could not be read. A permission error names the server's uid and
    /// gid, because a file that root created with mode 0600 is unreadable to a server with its own user.
    /// The config file loader uses it too.
    static func readFailure(_ error: any Error) -> String {
        switch (error as? CocoaError)?.code {
        case .fileReadNoSuchFile?, .fileNoSuchFile?:
            "it does not exist"
        case .fileReadNoPermission?:
            "permission denied. The server runs as uid \(geteuid()), gid \(getegid()), so make that user the file's owner "
                + "(chown) and keep its mode 0600"
        default:
            error.localizedDescription
        }
    }

    /// Reads one account. `place` names the file, and the entry in an accounts file.
    private static func credentials(from object: AttributeObject, in place: String, defaultAdministrator: Bool) throws(ConfigurationError) -> Credentials {
        for (key, _) in object.members where !keys.contains(key) {
            let hint = NearestName.nearest(to: key, among: keys).map { "did you mean \"\($0)\"? " } ?? ""
            throw ConfigurationError("\(place) has the unknown key \"\(key)\"; \(hint)an account takes \(keys.joined(separator: ", "))")
        }
        guard case .string(let sid)? = object["account_sid"], case .string(let secret)? = object["secret"] else {
            throw ConfigurationError("\(place): every account needs string fields account_sid and secret")
        }
        var administrator = defaultAdministrator
        switch object["administrator"] {
        case nil: break
        case .bool(let flag)?: administrator = flag
        case let other?:
            throw ConfigurationError("\(place): administrator is \(other.jsonText); write true or false without quotes")
        }
        return Credentials(accountSID: sid, secret: secret, isAdministrator: administrator)
    }
}
