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

    /// Reads one credentials object (the local credentials file).
    static func readOne(at path: String) throws(ConfigurationError) -> Credentials {
        let object = try readJSON(at: path)
        guard let dictionary = object as? [String: Any] else {
            throw ConfigurationError("\(path) must hold a JSON object with account_sid and secret")
        }
        return try credentials(from: dictionary, in: path, defaultAdministrator: true)
    }

    /// Reads an array of credentials objects (the accounts file).
    static func readList(at path: String) throws(ConfigurationError) -> [Credentials] {
        let object = try readJSON(at: path)
        guard let array = object as? [[String: Any]] else {
            throw ConfigurationError("\(path) must hold a JSON array of objects with account_sid and secret")
        }
        var list: [Credentials] = []
        for entry in array {
            list.append(try credentials(from: entry, in: path, defaultAdministrator: false))
        }
        return list
    }

    private static func readJSON(at path: String) throws(ConfigurationError) -> Any {
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
        do {
            return try JSONSerialization.jsonObject(with: data)
        } catch {
            // Foundation's localized text is only "not in the correct format", so the message uses
            // the debug description, which names the syntax error and usually its position.
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription
            throw ConfigurationError("\(path) is not valid JSON: \(detail)")
        }
    }

    /// Returns the reason a file could not be read. A permission error names the server's uid and
    /// gid, because a file that root created with mode 0600 is unreadable to a server with its own user.
    private static func readFailure(_ error: any Error) -> String {
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

    private static func credentials(from object: [String: Any], in path: String, defaultAdministrator: Bool) throws(ConfigurationError) -> Credentials {
        guard let sid = object["account_sid"] as? String, let secret = object["secret"] as? String else {
            throw ConfigurationError("\(path): every account needs string fields account_sid and secret")
        }
        let administrator = object["administrator"] as? Bool ?? defaultAdministrator
        return Credentials(accountSID: sid, secret: secret, isAdministrator: administrator)
    }
}
