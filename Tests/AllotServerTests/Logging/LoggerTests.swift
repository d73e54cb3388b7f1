import Glibc
import Testing
@testable import AllotServer

@Suite struct LoggerTests {
    @Test func plainValueStaysBare() {
        #expect(Logger.formatted("127.0.0.1:7700") == "127.0.0.1:7700")
    }

    @Test func spacesAndQuotesAreQuoted() {
        #expect(Logger.formatted("peer closed") == "\"peer closed\"")
        #expect(Logger.formatted("say \"hi\"") == "\"say \\\"hi\\\"\"")
        #expect(Logger.formatted("") == "\"\"")
        #expect(Logger.formatted("a=b") == "\"a=b\"")
    }

    @Test func newlinesCannotForgeRecords() {
        let value = Logger.formatted("x\nlevel=error msg=\"forged\"")
        #expect(!value.contains("\n"))
        #expect(value.hasPrefix("\"x\\nlevel"))
    }

    @Test func longValueIsCut() {
        let value = Logger.formatted(String(repeating: "a", count: 10_000))
        #expect(value.utf8.count < ServerLimits.maximumLogValueBytes + 8)
    }

    @Test func startupErrorKeepsItsEnd() throws {
        var descriptors: [Int32] = [0, 0]
        try #require(pipe(&descriptors) == 0)
        let logger = Logger(minimumLevel: .info, fileDescriptor: descriptors[1])
        logger.startupFailed(String(repeating: "b", count: 1_000) + " Restore the data folder from a backup")
        close(descriptors[1])
        var buffer = [UInt8](repeating: 0, count: 4_096)
        let count = buffer.withUnsafeMutableBytes { read(descriptors[0], $0.baseAddress, $0.count) }
        close(descriptors[0])
        let line = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
        #expect(line.contains("msg=\"server failed to start\""))
        #expect(line.contains("Restore the data folder from a backup\"\n"))
    }

    @Test func timestampIsISO8601() {
        let stamp = Logger.timestamp()
        #expect(stamp.count == 24)
        #expect(stamp.hasSuffix("Z"))
        #expect(stamp.dropFirst(10).first == "T")
    }
}
