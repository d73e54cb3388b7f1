import Testing
@testable import AllotCore

@Suite struct PagerTests {
    let rows: [(key: [Int64], item: Int)] = (1...7).map { (key: [Int64($0)], item: $0) }
    let scope = PageScope(list: "tasks", owner: "WS1")

    @Test func pagesFollowTokensToTheEnd() throws {
        var limits = EngineLimits()
        limits.defaultPageSize = 3
        let first = try Pager.page(rows, request: PageRequest(), scope: scope, limits: limits)
        #expect(first.items == [1, 2, 3])
        let second = try Pager.page(rows, request: PageRequest(pageToken: first.nextPageToken), scope: scope, limits: limits)
        #expect(second.items == [4, 5, 6])
        let third = try Pager.page(rows, request: PageRequest(pageToken: second.nextPageToken), scope: scope, limits: limits)
        #expect(third.items == [7])
        #expect(third.nextPageToken == nil)
    }

    @Test func pageSizeOutsideRangeIsRejected() {
        for size in [0, -1, 1_001] {
            #expect(throws: EngineError.self) {
                try Pager.page(rows, request: PageRequest(pageSize: size), scope: scope, limits: EngineLimits())
            }
        }
        #expect((try? Pager.page(rows, request: PageRequest(pageSize: 1_000), scope: scope, limits: EngineLimits()))?.items.count == 7)
    }

    @Test func malformedTokenIsRejected() {
        for token in ["", "v2.1", "v1.zz", "v1.1.2", "v1.3"] {
            do {
                _ = try Pager.page(rows, request: PageRequest(pageToken: token), scope: scope, limits: EngineLimits())
                Issue.record("token \(token) was accepted")
            } catch {
                #expect(error.field == "PageToken")
            }
        }
    }

    /// A token is a position in one list, so another kind of list, another
    /// workspace or another ordering rejects it rather than starting there.
    @Test func tokenFromAnotherListIsRejected() throws {
        var limits = EngineLimits()
        limits.defaultPageSize = 3
        let ordering = try ListOrdering.parse("DateCreated:desc", allowed: ["DateCreated"], defaultAttribute: "DateCreated")
        let token = try #require(try Pager.page(rows, request: PageRequest(), scope: scope, limits: limits).nextPageToken)
        let others = [PageScope(list: "workers", owner: "WS1"), PageScope(list: "tasks", owner: "WS2"),
                      PageScope(list: "tasks", owner: "WS1", ordering: ordering)]
        for other in others {
            do {
                _ = try Pager.page(rows, request: PageRequest(pageToken: token), scope: other, limits: limits)
                Issue.record("token \(token) was accepted by \(other.text)")
            } catch {
                #expect(error.field == "PageToken")
                #expect(error.message.contains("is not a token from this list"), "\(error.message)")
            }
        }
    }

    /// An overlong token is rejected by its length, before it is split.
    @Test func tokenOverTheByteLimitIsRejectedByLength() {
        let token = "v2." + String(repeating: "1.", count: Limits.maximumPageTokenBytes)
        do {
            _ = try Pager.page(rows, request: PageRequest(pageToken: token), scope: scope, limits: EngineLimits())
            Issue.record("an overlong token was accepted")
        } catch {
            #expect(error.field == "PageToken")
            #expect(error.message.contains("PageToken has \(token.utf8.count) bytes; the maximum is \(Limits.maximumPageTokenBytes)"),
                    "\(error.message)")
        }
    }
}
