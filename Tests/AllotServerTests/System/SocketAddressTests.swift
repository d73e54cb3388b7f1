import Testing
@testable import AllotServer

@Suite struct SocketAddressTests {
    @Test func parsesIPv4() throws {
        let address = try #require(SocketAddress(parsing: "10.1.2.3:8080"))
        #expect(address.port == 8080)
        #expect(address.description == "10.1.2.3:8080")
    }

    @Test func localhostMeansLoopback() throws {
        #expect(SocketAddress(parsing: "localhost:1")?.description == "127.0.0.1:1")
    }

    @Test func parsesIPv6InBrackets() throws {
        #expect(SocketAddress(parsing: "[::1]:7700")?.description == "[::1]:7700")
    }

    @Test func rejectsInvalidText() {
        for text in ["", "7700", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "example.com:80", "::1:80", "1.2.3:4"] {
            #expect(SocketAddress(parsing: text) == nil, "accepted \(text)")
        }
    }
}
