import AllotClient

/// The server a run drives: its address and the credentials to use.
struct ServerTarget: Sendable {
    let address: ServerAddress
    let credentials: AllotCredentials
    /// The credentials file, passed on to `allot apply`.
    let credentialsPath: String

    /// Opens an authenticated connection.
    func connect(clientName: String = "allot-bench") async throws(AllotError) -> AllotConnection {
        try await AllotConnection.connect(host: address.host, port: address.port, credentials: credentials, clientName: clientName)
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
