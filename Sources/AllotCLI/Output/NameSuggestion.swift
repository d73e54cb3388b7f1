/// Hints for a name that matched nothing: the name it probably meant, or
/// the names that exist.
enum NameSuggestion {
    /// Names that one hint lists at most, so that a workspace with thousands
    /// of workers does not fill the terminal with one message.
    static let maximumListedNames = 20

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
}
