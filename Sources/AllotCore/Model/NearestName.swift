/// The name a mistyped one probably meant, for "did you mean" hints in the
/// server's option errors and the CLI's messages.
public enum NearestName {
    /// Characters of a typed name compared at most: longer than any option,
    /// event type or friendly name (64 characters), and it bounds the
    /// quadratic comparison.
    public static let maximumComparedCharacters = 128

    /// Returns the candidate nearest to `text` by edit distance, ignoring case,
    /// when at most a third of its characters differ. Returns nil when none is
    /// that close or when `text` is longer than `maximumComparedCharacters`.
    public static func nearest(to text: String, among candidates: [String]) -> String? {
        guard text.count <= maximumComparedCharacters else { return nil }
        let lowered = text.lowercased()
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, candidate.lowercased())
            if distance < best?.distance ?? Int.max { best = (candidate, distance) }
        }
        guard let best, best.distance <= max(1, best.name.count / 3) else { return nil }
        return best.name
    }

    /// Returns the Levenshtein distance between two strings, by characters.
    public static func editDistance(_ first: String, _ second: String) -> Int {
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
