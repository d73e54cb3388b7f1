/// Paging parameters of every list operation.
public struct PageRequest: Sendable, Hashable {
    /// 1 to the page size limit; nil takes the default.
    public var pageSize: Int?
    /// The `nextPageToken` of the previous page; nil starts at the beginning.
    public var pageToken: String?

    public init(pageSize: Int? = nil, pageToken: String? = nil) {
        self.pageSize = pageSize
        self.pageToken = pageToken
    }
}

/// One page of a list, with the token of the next page when there is one.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextPageToken: String?
}

/// Keyset paging over items sorted by an integer key vector whose last
/// component is unique, so a token stays valid while items come and go.
enum Pager {
    static func page<Item: Sendable>(_ sorted: [(key: [Int64], item: Item)], request: PageRequest,
                                     limits: EngineLimits) throws(EngineError) -> Page<Item> {
        let pageSize = request.pageSize ?? limits.defaultPageSize
        try InputValidation.integer(pageSize, in: 1...limits.maximumPageSize, field: "PageSize")
        var start = 0
        if let token = request.pageToken {
            let after = try decode(token, componentCount: sorted.first?.key.count)
            start = firstIndex(in: sorted, after: after)
        }
        let end = Swift.min(sorted.count, start + pageSize)
        let items = sorted[start..<end].map(\.item)
        let next = end < sorted.count && end > start ? encode(sorted[end - 1].key) : nil
        return Page(items: items, nextPageToken: next)
    }

    private static func firstIndex<Item>(in sorted: [(key: [Int64], item: Item)], after key: [Int64]) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle].key.lexicographicallyPrecedes(key) || sorted[middle].key == key {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    static func encode(_ key: [Int64]) -> String {
        "v1." + key.map { String(UInt64(bitPattern: $0), radix: 16) }.joined(separator: ".")
    }

    private static func decode(_ token: String, componentCount: Int?) throws(EngineError) -> [Int64] {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        let invalid = EngineError.invalidArgument(
            field: "PageToken",
            message: "PageToken \(EngineError.quoted(token)) is not a token from this list; "
                + "pass the nextPageToken of the previous page with the same filters")
        guard parts.count >= 2, parts.count <= 9, parts[0] == "v1" else { throw invalid }
        var key: [Int64] = []
        for part in parts.dropFirst() {
            guard let value = UInt64(part, radix: 16) else { throw invalid }
            key.append(Int64(bitPattern: value))
        }
        if let componentCount, componentCount != key.count { throw invalid }
        return key
    }
}
