import AllotClient
import Dispatch
import Foundation
import Synchronization

/// The options every server command takes, and the connection they select.
enum ServerOptions {
    /// `--server` when neither it nor `serverVariable` is given.
    static let defaultAddress = "127.0.0.1:7700"
    /// The environment variables that stand in for `--server` and `--credentials`, so that a
    /// shell working with one server sets them once. allot-server ignores both without a warning.
    static let serverVariable = "ALLOT_SERVER"
    static let credentialsVariable = "ALLOT_CREDENTIALS"

    /// The options, appended to each server command's own.
    static let specifications: [OptionSpecification] = [
        .value("server", "HOST:PORT", help: "address of allot-server; default $\(serverVariable), else \(defaultAddress)"),
        .value("credentials", "FILE",
               help: "credentials file with account_sid and secret; default $\(credentialsVariable), else \(AllotCredentials.defaultPath)"),
        .flag("json", help: "print JSON instead of a table, for scripts"),
    ]

    /// The options of the commands that print resources: `specifications`
    /// and `--sid-only`.
    static let resourceSpecifications: [OptionSpecification] = specifications + [
        .flag("sid-only", help: "print only the SID of each resource, one a line, for shell variables such as ws=$(allot …)"),
    ]

    /// Returns the value of the option `name` and where it came from: the flag, else the
    /// environment variable `variable` when it is set and not empty, else nil.
    private static func setting(_ name: String, _ variable: String, in arguments: ParsedArguments) -> (value: String, source: String)? {
        if let value = arguments.value(name) { return (value, "--\(name)") }
        guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else { return nil }
        return (value, variable)
    }

    /// Splits `HOST:PORT`, accepting `[::1]:7700` for IPv6, and returns it with where it came
    /// from: `--server`, the environment variable, or nil for the default.
    static func address(_ arguments: ParsedArguments) throws(CommandFailure) -> (host: String, port: UInt16, source: String?) {
        let chosen = setting("server", serverVariable, in: arguments)
        let (text, source) = chosen ?? (defaultAddress, "--server")
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]), port > 0 else {
            throw CommandFailure(message: "invalid \(source) '\(text)': expected HOST:PORT, for example 127.0.0.1:7700")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else {
            throw CommandFailure(message: "invalid \(source) '\(text)': the host is missing; expected HOST:PORT")
        }
        return (host, port, chosen?.source)
    }

    /// Connects with the selected server and credentials, runs `body` and
    /// waits for it. A server error becomes exit status 1, an unreadable
    /// credentials file status 2.
    static func run<Value: Sendable>(
        _ arguments: ParsedArguments,
        _ body: @escaping @Sendable (AllotConnection) async throws -> Value
    ) throws(CommandFailure) -> Value {
        let (host, port, addressSource) = try address(arguments)
        let chosenCredentials = setting("credentials", credentialsVariable, in: arguments)
        let path = chosenCredentials?.value ?? AllotCredentials.defaultPath
        // The credentials file is the caller's input, so a missing or
        // malformed one exits as invalid input rather than a server error.
        let credentials: AllotCredentials
        do {
            credentials = try AllotCredentials.load(path: path)
        } catch {
            // A path from the environment is named as such, because the message's advice is
            // about the flag.
            let source = chosenCredentials.map { $0.source == credentialsVariable ? "\(credentialsVariable): " : "" } ?? ""
            throw CommandFailure(message: source + error.message, exitStatus: ExitStatus.invalidInput)
        }
        return try blocking {
            do {
                let connection: AllotConnection
                do {
                    connection = try await AllotConnection.connect(host: host, port: port, credentials: credentials, clientName: "allot")
                } catch let error as AllotError where error.code == .unavailable && addressSource == serverVariable {
                    // An address from the environment is easy to forget, so the failure names it.
                    throw CommandFailure(message: "\(error.description) (address from \(serverVariable))", exitStatus: ExitStatus.serverError)
                }
                defer { connection.close() }
                return try await body(connection)
            } catch let error as AllotError where error.code == .unauthenticated {
                // Two servers on one machine each write their own credentials file, so the
                // message names the one this command read, and the flag that picks another
                // unless the command already passed it.
                let hint = chosenCredentials.map { "credentials read from \(path), as \($0.source) gave; check that the file is this server's "
                    + "and contains the account's current secret" }
                    ?? "credentials read from \(path); pass --credentials FILE for another server's"
                throw CommandFailure(message: "\(error.description) (\(hint))", exitStatus: ExitStatus.serverError)
            }
        }
    }

    /// Runs `body` on the cooperative pool and blocks the calling thread,
    /// the main thread of a command, until it finishes.
    static func blocking<Value: Sendable>(_ body: @escaping @Sendable () async throws -> Value) throws(CommandFailure) -> Value {
        let outcome = Mutex<Result<Value, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                let value = try await body()
                outcome.withLock { $0 = .success(value) }
            } catch {
                outcome.withLock { $0 = .failure(error) }
            }
            done.signal()
        }
        done.wait()
        switch outcome.withLock({ $0 }) {
        case .success(let value)?:
            return value
        case .failure(let error as CommandFailure)?:
            throw error
        case .failure(let error as AllotError)?:
            throw CommandFailure(message: error.description, exitStatus: ExitStatus.serverError)
        case .failure(let error)?:
            throw CommandFailure(message: "\(error)", exitStatus: ExitStatus.serverError)
        case nil:
            preconditionFailure("the command's task signaled completion without a result")
        }
    }
}
