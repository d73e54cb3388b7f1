import Testing
@testable import AllotCore

@Suite struct PagerTests {
    let rows: [(key: [Int64], item: Int)] = (1...7).map { (key: [Int64($0)], item: $0) }

    @Test func pagesFollowTokensToTheEnd() throws {
        var limits = EngineLimits()
        limits.defaultPageSize = 3
        let first = try Pager.page(rows, request: PageRequest(), limits: limits)
        #expect(first.items == [1, 2, 3])
        let second = try Pager.page(rows, request: PageRequest(pageToken: first.nextPageToken), limits: limits)
        #expect(second.items == [4, 5, 6])
        let third = try Pager.page(rows, request: PageRequest(pageToken: second.nextPageToken), limits: limits)
        #expect(third.items == [7])
        #expect(third.nextPageToken == nil)
    }

    @Test func pageSizeOutsideRangeIsRejected() {
        for size in [0, -1, 1_001] {
            #expect(throws: EngineError.self) { try Pager.page(rows, request: PageRequest(pageSize: size), limits: EngineLimits()) }
        }
        #expect((try? Pager.page(rows, request: PageRequest(pageSize: 1_000), limits: EngineLimits()))?.items.count == 7)
    }

    @Test func malformedTokenIsRejected() {
        for token in ["", "v2.1", "v1.zz", "v1.1.2"] {
            do {
                _ = try Pager.page(rows, request: PageRequest(pageToken: token), limits: EngineLimits())
                Issue.record("token \(token) was accepted")
            } catch {
                #expect(error.field == "PageToken")
            }
        }
    }
}
