import Glibc

/// Gathers the accounts the server accepts: the configured account, the
/// accounts file, and the local account in credentials.json, which is
/// created on the first start when no account is configured at all.
enum AccountLoader {
    /// Returns the accounts, and the path of credentials.json when this call created it.
    /// A reload passes `mayCreateLocalAccount` false: it must not write a new account, so
    /// finding no account at all is an error there.
    static func load(configuration: ServerConfiguration, logger: Logger, mayCreateLocalAccount: Bool = true) throws(StartupError) -> (AccountStore, createdCredentials: String?) {
        var store: AccountStore
        do {
            store = try configuredAccounts(configuration)
        } catch {
            throw .configuration(error)
        }
        if let path = configuration.accountsFile {
            try warnIfOthersCanRead(accountsFile: path, logger: logger)
        }
        let path = CredentialsFile.path(dataDirectory: configuration.dataDirectory)
        let permissions: mode_t?
        do {
            permissions = try SystemCall.permissions(path)
        } catch {
            throw .system(error, path: path)
        }
        if let permissions {
            try loadLocalAccount(at: path, permissions: permissions, into: &store, logger: logger)
        } else if store.count == 0 {
            // A server given an accounts file never creates a local account, because its
            // accounts come from that file and an empty one is a mistake.
            if let accountsFile = configuration.accountsFile {
                throw .configuration(emptyAccountsFile(accountsFile, credentialsPath: path))
            }
            guard mayCreateLocalAccount else {
                throw .configuration(ConfigurationError("no account is configured and \(path) does not exist; restore that file or set accounts-file"))
            }
            try createLocalAccount(at: path, directory: configuration.dataDirectory, into: &store, logger: logger)
            return (store, path)
        }
        return (store, nil)
    }

    /// Returns the accounts that the configuration itself names: the account of `account-sid`
    /// and those of the accounts file, without the data folder's credentials.json.
    static func configuredAccounts(_ configuration: ServerConfiguration) throws(ConfigurationError) -> AccountStore {
        var store = AccountStore()
        if let sid = configuration.accountSID, let secret = configuration.accountSecret {
            try store.add(sid: sid, secret: secret, isAdministrator: true)
        }
        if let path = configuration.accountsFile {
            try addAccounts(inFile: path, to: &store)
        }
        return store
    }

    /// Checks the accounts that the configuration names, before the server opens its data
    /// folder: the accounts file must be valid, and must list an account unless the data
    /// folder's credentials.json contains one.
    static func checkConfiguredAccounts(_ configuration: ServerConfiguration) throws(ConfigurationError) {
        let store = try configuredAccounts(configuration)
        let path = CredentialsFile.path(dataDirectory: configuration.dataDirectory)
        if store.count == 0, let accountsFile = configuration.accountsFile, access(path, F_OK) != 0 {
            throw emptyAccountsFile(accountsFile, credentialsPath: path)
        }
    }

    private static func emptyAccountsFile(_ accountsFile: String, credentialsPath path: String) -> ConfigurationError {
        ConfigurationError("no account is configured: \(accountsFile) lists no account and \(path) does not exist; "
                               + "add an account to \(accountsFile) or restore \(path)")
    }

    /// Adds every account of the accounts file at `path` to `store`, with the checks of each
    /// entry that a start and a reload make.
    static func addAccounts(inFile path: String, to store: inout AccountStore) throws(ConfigurationError) {
        for (index, entry) in try CredentialsFile.readList(at: path).enumerated() {
            do {
                try store.add(sid: entry.accountSID, secret: entry.secret, isAdministrator: entry.isAdministrator)
            } catch {
                throw ConfigurationError("\(path): entry \(index + 1): \(error.description)")
            }
        }
    }

    /// Logs a warning when the accounts file, which contains secrets, is readable or
    /// writable by its group or other users, as for credentials.json.
    private static func warnIfOthersCanRead(accountsFile path: String, logger: Logger) throws(StartupError) {
        let permissions: mode_t?
        do {
            permissions = try SystemCall.permissions(path)
        } catch {
            throw .system(error, path: path)
        }
        if let permissions, permissions & 0o077 != 0 {
            logger.warning("accounts file is readable by other users", ("path", path), ("mode", String(permissions, radix: 8)), ("fix", "chmod 600"))
        }
    }

    private static func loadLocalAccount(at path: String, permissions: mode_t, into store: inout AccountStore, logger: Logger) throws(StartupError) {
        if permissions & 0o077 != 0 {
            logger.warning("credentials file is readable by other users", ("path", path), ("mode", String(permissions, radix: 8)), ("fix", "chmod 600"))
        }
        do {
            let credentials = try CredentialsFile.readOne(at: path)
            try store.add(sid: credentials.accountSID, secret: credentials.secret, isAdministrator: credentials.isAdministrator)
        } catch {
            throw .configuration(error)
        }
    }

    private static func createLocalAccount(at path: String, directory: String, into store: inout AccountStore, logger: Logger) throws(StartupError) {
        let credentials: CredentialsFile.Credentials
        do {
            credentials = try CredentialsFile.create(at: path, directory: directory)
        } catch {
            throw .system(error, path: path)
        }
        do {
            try store.add(sid: credentials.accountSID, secret: credentials.secret, isAdministrator: true)
        } catch {
            throw .configuration(error)
        }
        logger.info("created local account", ("account.sid", credentials.accountSID), ("credentials", path))
    }
}

/// A failure to start the server: invalid configuration or a failed system call.
public enum StartupError: Error, CustomStringConvertible {
    case configuration(ConfigurationError)
    case system(SystemError, path: String)
    /// A listening socket could not be set up on the address of `option`.
    case listen(SystemError, address: SocketAddress, option: String)

    public var description: String {
        switch self {
        case .configuration(let error): return error.description
        case .system(let error, let path): return path.isEmpty ? error.description : "\(path): \(error.description)"
        case .listen(let error, let address, let option):
            return "cannot listen on \(address) (\(option)): \(error.description); stop the process that uses it or choose another address"
        }
    }
}
