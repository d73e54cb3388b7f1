import AllotClient
import AllotTestSupport

extension ServerProcess {
    /// Opens an authenticated connection with the server's credentials file.
    func connect() async throws -> AllotConnection {
        try await AllotConnection.connect(host: "127.0.0.1", port: port, credentialsPath: credentialsPath)
    }
}
