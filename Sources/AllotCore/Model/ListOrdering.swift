/// A parsed `Ordering` list parameter: `Attribute:direction` pairs.
struct ListOrdering {
    var clauses: [(attribute: String, descending: Bool)]

    /// Bound on the number of clauses, above the number of sortable attributes.
    static let maximumClauses = 4

    /// Parses `text` against the attributes a list allows, in any case.
    static func parse(_ text: String?, allowed: [String], defaultAttribute: String) throws(EngineError) -> ListOrdering {
        guard let text, !text.trimmingWhitespace().isEmpty else {
            return ListOrdering(clauses: [(defaultAttribute, false)])
        }
        let byteCount = text.utf8.count
        if byteCount > Limits.maximumOrderingBytes {
            throw .invalidArgument(field: "Ordering",
                                   message: "Ordering has \(byteCount) bytes; the maximum is \(Limits.maximumOrderingBytes); "
                                       + "pass at most \(maximumClauses) clauses such as DateCreated:desc")
        }
        let parts = text.split(separator: ",")
        if parts.count > maximumClauses {
            throw .invalidArgument(field: "Ordering", message: "Ordering has \(parts.count) clauses; the maximum is \(maximumClauses)")
        }
        var clauses: [(String, Bool)] = []
        for part in parts {
            let pieces = part.split(separator: ":").map { String($0).trimmingWhitespace() }
            let attribute = allowed.first { $0.lowercased() == pieces.first?.lowercased() }
            let direction = pieces.count > 1 ? pieces[1].lowercased() : "asc"
            guard let attribute, pieces.count <= 2, direction == "asc" || direction == "desc" else {
                throw .invalidArgument(field: "Ordering",
                                       message: "Ordering clause \(EngineError.quoted(String(part))) must be one of "
                                           + allowed.joined(separator: ", ") + " followed by :asc or :desc")
            }
            clauses.append((attribute, direction == "desc"))
        }
        return ListOrdering(clauses: clauses)
    }

    /// Returns the sort key of one item: each clause's value, negated when
    /// descending, then `tiebreak` so that keys are unique.
    func key(tiebreak: Int64, _ value: (String) -> Int64) -> [Int64] {
        clauses.map { $0.descending ? value($0.attribute).saturatingNegation : value($0.attribute) } + [tiebreak]
    }
}
