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

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}
