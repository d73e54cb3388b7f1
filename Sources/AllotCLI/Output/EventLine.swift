import AllotWire
import Foundation

/// Formats events one line at a time, so that `allot events --follow` can
/// print each as it arrives: fixed-width columns for people, or one compact
/// JSON object per line with `--json`.
enum EventLine {
    /// Column widths: a sequence number, an ISO 8601 time with milliseconds,
    /// an event type such as "reservation.completed", and a 34-character SID.
    /// A longer value widens its own line only.
    static let widths = [8, 24, 30, 34]

    /// Returns the header line of the table form.
    static func header() -> String {
        line(["SEQUENCE", "EVENT_DATE", "EVENT_TYPE", "RESOURCE_SID", "DESCRIPTION"])
    }

    /// Returns the line of one event in the table form.
    static func text(_ event: Wire.Event) -> String {
        let date = Date(timeIntervalSince1970: Double(event.eventDateUnixMilliseconds) / 1000)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions.insert(.withFractionalSeconds)
        return line([String(event.sequence), formatter.string(from: date), event.eventType, event.resourceSID, event.description])
    }

    /// Returns one event as JSON on a single line.
    static func json(_ event: Wire.Event) -> String {
        WireJSON.line(event)
    }

    private static func line(_ cells: [String]) -> String {
        var output = ""
        for (index, cell) in cells.enumerated() {
            guard index < widths.count else {
                output += cell
                break
            }
            output += cell + String(repeating: " ", count: max(0, widths[index] - cell.count)) + "  "
        }
        return output
    }
}
