/// Hints for a name that matched nothing: the name it probably meant, or
/// the names that exist.
enum NameSuggestion {
    /// Names that one hint lists at most, so that a workspace with thousands
    /// of workers does not fill the terminal with one message.
    static let maximumListedNames = 20

    /// Characters of a typed name compared by edit distance at most: longer
    /// than any event type or friendly name (64 characters), and it bounds
    /// the quadratic comparison.
    static let maximumComparedCharacters = 128

    /// Returns the one of `names` that equals `name` ignoring case, if any.
    static func caseInsensitiveMatch(_ name: String, among names: [String]) -> String? {
        let lowered = name.lowercased()
        return names.sorted().first { $0 != name && $0.lowercased() == lowered }
    }

    /// Returns "did you mean 'Available'?" when a name matches ignoring
    /// case, else "existing names: …", or nil when there are no names.
    static func hint(for name: String, among names: [String]) -> String? {
        if let match = caseInsensitiveMatch(name, among: names) { return "did you mean '\(match)'?" }
        guard !names.isEmpty else { return nil }
        return "existing names: \(listing(names))"
    }

    /// Returns `names` sorted and joined by commas, the first
    /// `maximumListedNames` of them followed by "and N more".
    static func listing(_ names: [String]) -> String {
        let sorted = names.sorted()
        let listed = sorted.prefix(maximumListedNames).map { "'\($0)'" }.joined(separator: ", ")
        let hiddenCount = sorted.count - min(sorted.count, maximumListedNames)
        return hiddenCount > 0 ? "\(listed) and \(hiddenCount) more" : listed
    }

    /// Returns the candidate nearest to `text` by edit distance, when it is
    /// close enough to be a misspelling: at most a third of its characters differ.
    static func nearest(to text: String, among candidates: [String]) -> String? {
        guard text.count <= maximumComparedCharacters else { return nil }
        let scored = candidates.map { ($0, editDistance(text.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(1, best.0.count / 3) else { return nil }
        return best.0
    }

    /// Returns the Levenshtein distance between two strings, by characters.
    static func editDistance(_ first: String, _ second: String) -> Int {
        let a = Array(first)
        let b = Array(second)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            previous = current
        }
        return previous[b.count]
    }
}
