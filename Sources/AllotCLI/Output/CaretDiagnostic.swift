/// Renders the place of an error in a one-line text: the text, then a caret
/// under the column.
///
///     customer-value == "gold"
///             ^
enum CaretDiagnostic {
    /// Returns the two lines, indented by two spaces. Line breaks and tabs
    /// in `text` are shown as spaces so that the caret stays aligned.
    static func lines(for text: String, column: Int) -> [String] {
        let shown = String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        let offset = max(0, min(column - 1, shown.count))
        return ["  " + shown, "  " + String(repeating: " ", count: offset) + "^"]
    }
}
