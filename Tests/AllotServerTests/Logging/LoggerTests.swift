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

    @Test func timestampIsISO8601() {
        let stamp = Logger.timestamp()
        #expect(stamp.count == 24)
        #expect(stamp.hasSuffix("Z"))
        #expect(stamp.dropFirst(10).first == "T")
    }
}
