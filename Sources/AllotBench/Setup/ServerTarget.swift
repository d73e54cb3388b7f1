import AllotClient

/// The server a run drives: its address and the credentials to use.
struct ServerTarget: Sendable {
    let address: ServerAddress
    let credentials: AllotCredentials
    /// The credentials file, passed on to `allot apply`.
    let credentialsPath: String
    /// Wait for the server's reply to the hello of a new connection.
    var connectTimeout = BenchOptions.defaultConnectTimeout

    /// Opens an authenticated connection. A server that accepts the
    /// connection but sends no hello reply within `connectTimeout` gets an
    /// error naming the address, rather than the SDK's call timeout.
    func connect(clientName: String = "allot-bench") async throws(AllotError) -> AllotConnection {
        do {
            return try await AllotConnection.connect(host: address.host, port: address.port, credentials: credentials,
                                                     clientName: clientName, timeout: connectTimeout)
        } catch where error.code == .deadlineExceeded {
            throw AllotError(code: .deadlineExceeded, message: "\(address) accepted the connection but sent no reply within \(connectTimeout); "
                + "check that allot-server listens there, or raise --connect-timeout")
        }
    }
}

/// A failure that ends a run, as distinct from a bad command line.
struct BenchFailure: Error, CustomStringConvertible {
    let message: String
    /// True when the failure comes from the command line or an input file
    /// (exit status 2), not from the run itself (exit status 1).
    let isUsageError: Bool

    init(_ message: String, isUsageError: Bool = false) {
        self.message = message
        self.isUsageError = isUsageError
    }

    var description: String { message }
}
