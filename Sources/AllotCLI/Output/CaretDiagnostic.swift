/// Renders the place of an error in a one-line text: the text, then a caret
/// under the column.
///
///     customer-value == "gold"
///             ^
enum CaretDiagnostic {
    /// Returns the two lines, indented by two spaces. `column` counts
    /// Unicode scalars; the caret is placed by characters, so that a letter
    /// with a combining accent takes one place. Line breaks and tabs in
    /// `text` are shown as spaces so that the caret stays aligned.
    static func lines(for text: String, column: Int) -> [String] {
        let shown = String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        let scalarsBefore = shown.unicodeScalars.prefix(max(0, column - 1))
        let offset = String(String.UnicodeScalarView(scalarsBefore)).count
        return ["  " + shown, "  " + String(repeating: " ", count: offset) + "^"]
    }
}
