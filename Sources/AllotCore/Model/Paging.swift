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

/// The list a page token belongs to: the kind of list, the owner of its items
/// (the account, the workspace, or the worker or task within it) and its
/// ordering. A token carries a hash of this, so a token from another list is
/// rejected instead of being read as a position in this one.
struct PageScope {
    let text: String

    /// `list` names the kind of list (`tasks`, `task-reservations`), `owner`
    /// the SIDs that select its items, and `ordering` its sort when a
    /// request may choose one.
    init(list: String, owner: String, ordering: ListOrdering? = nil) {
        let sort = ordering.map { $0.clauses.map { "\($0.attribute):\($0.descending ? "desc" : "asc")" }.joined(separator: ",") }
        text = list + "/" + owner + "/" + (sort ?? "")
    }

    /// The hash a token carries: 64 bits, so two lists share it only by a
    /// rare accident, and then the token is still only a position.
    var hash: UInt64 { StableHash.fnv1a64(text) }
}

/// Keyset paging over items sorted by an integer key vector whose last
/// component is unique, so a token stays valid while items come and go.
///
/// A token is `v2.`, the scope's hash and the key of the last item of the
/// previous page, each in hexadecimal: `v2.<scope>.<key>...`.
enum Pager {
    static func page<Item: Sendable>(_ sorted: [(key: [Int64], item: Item)], request: PageRequest, scope: PageScope,
                                     limits: EngineLimits) throws(EngineError) -> Page<Item> {
        let pageSize = request.pageSize ?? limits.defaultPageSize
        try InputValidation.integer(pageSize, in: 1...limits.maximumPageSize, field: "PageSize")
        var start = 0
        if let token = request.pageToken {
            let after = try decode(token, scope: scope, componentCount: sorted.first?.key.count)
            start = firstIndex(in: sorted, after: after)
        }
        let end = Swift.min(sorted.count, start + pageSize)
        let items = sorted[start..<end].map(\.item)
        let next = end < sorted.count && end > start ? encode(sorted[end - 1].key, scope: scope) : nil
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

    static func encode(_ key: [Int64], scope: PageScope) -> String {
        "v2." + String(scope.hash, radix: 16) + "."
            + key.map { String(UInt64(bitPattern: $0), radix: 16) }.joined(separator: ".")
    }

    private static func decode(_ token: String, scope: PageScope, componentCount: Int?) throws(EngineError) -> [Int64] {
        let byteCount = token.utf8.count
        if byteCount > Limits.maximumPageTokenBytes {
            throw .invalidArgument(
                field: "PageToken",
                message: "PageToken has \(byteCount) bytes; the maximum is \(Limits.maximumPageTokenBytes), and a token "
                    + "the server made is shorter; pass the nextPageToken of the previous page unchanged")
        }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        let invalid = EngineError.invalidArgument(
            field: "PageToken",
            message: "PageToken \(EngineError.quoted(token)) is not a token from this list; pass the nextPageToken "
                + "of the previous page of the same list, in the same workspace and with the same ordering")
        guard parts.count >= 3, parts.count <= 10, parts[0] == "v2",
              let hash = UInt64(parts[1], radix: 16), hash == scope.hash else { throw invalid }
        var key: [Int64] = []
        for part in parts.dropFirst(2) {
            guard let value = UInt64(part, radix: 16) else { throw invalid }
            key.append(Int64(bitPattern: value))
        }
        if let componentCount, componentCount != key.count { throw invalid }
        return key
    }
}
