import Foundation
import AllotCore

/// One released conformance case about expressions.
struct ConformanceCase: Sendable {
    var id: String
    var kind: String
    var expression: String
    /// The expected result, or nil when compilation must fail.
    var expected: Bool?
    var context: DocumentContext
    var note: String?
}

/// The conformance cases of kinds `expression`, `target_expression` and
/// `skip_if`: the released ones and Allot's own audit cases.
///
/// For the released cases the shared design folder beside the package is
/// preferred when it exists, so that a newer release of the cases is picked
/// up. Otherwise the copy in the test resources is used. The audit cases,
/// whose ids start with `A-`, always come from the test resources.
enum ConformanceSuite {
    /// A case that lacks a field the tests need.
    struct InvalidCase: Error, CustomStringConvertible {
        var description: String
    }

    static let expressionKinds: Set<String> = ["expression", "target_expression", "skip_if"]

    /// The cases read from both files, loaded once.
    ///
    /// A line that cannot be read fails only its own case, instead of stopping
    /// the load and with it every test in the process.
    static let loaded: (cases: [String: ConformanceCase], problems: [String: String]) = {
        do {
            return try loadCases()
        } catch {
            preconditionFailure("cannot read the conformance case files: \(error)")
        }
    }()

    /// Every readable case by id.
    static var cases: [String: ConformanceCase] { loaded.cases }

    /// Why each unreadable case could not be read, by its id, or by file and
    /// line when the id itself is unreadable.
    static var problems: [String: String] { loaded.problems }

    /// The ids of every case, readable or not, sorted, for parameterised tests.
    static let caseIDs: [String] = Set(loaded.cases.keys).union(loaded.problems.keys).sorted()

    /// The prefix of every audit case id, which keeps them apart from released ids.
    static let auditIDPrefix = "A-"

    /// Returns the audit cases file in the test resources.
    static func auditFileURL() -> URL {
        guard let bundled = Bundle.module.url(forResource: "audit-cases", withExtension: "jsonl", subdirectory: "Conformance") else {
            preconditionFailure("the test resources lack Conformance/audit-cases.jsonl")
        }
        return bundled
    }

    /// Returns the cases file in the shared design folder next to the
    /// package root, which may not exist.
    static func sharedFileURL() -> URL {
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Expressions
            .deletingLastPathComponent()  // AllotCoreTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()
        return packageRoot.deletingLastPathComponent()
            .appendingPathComponent("shared")
            .appendingPathComponent("design")
            .appendingPathComponent("conformance.jsonl")
    }

    /// Returns the cases file to read: the shared one when it exists,
    /// otherwise the test resource.
    static func fileURL() -> URL {
        let shared = sharedFileURL()
        if FileManager.default.fileExists(atPath: shared.path) { return shared }
        guard let bundled = Bundle.module.url(forResource: "conformance", withExtension: "jsonl", subdirectory: "Conformance") else {
            preconditionFailure("the test resources lack Conformance/conformance.jsonl")
        }
        return bundled
    }

    private static func loadCases() throws -> (cases: [String: ConformanceCase], problems: [String: String]) {
        var cases: [String: ConformanceCase] = [:]
        var problems: [String: String] = [:]
        try addCases(from: fileURL(), to: &cases, problems: &problems)
        try addCases(from: auditFileURL(), to: &cases, problems: &problems)
        return (cases, problems)
    }

    /// Adds the expression cases of one file to `cases`. Lines that are not
    /// JSON, cases without a usable field and repeated ids go to `problems`,
    /// so only a file that cannot be read throws.
    static func addCases(from url: URL, to cases: inout [String: ConformanceCase],
                         problems: inout [String: String]) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        // "\r\n" is one Character, unequal to "\n", so CRLF needs its own
        // separator. `isNewline` is not used because a JSON string may contain U+2028.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (offset, line) in lines.enumerated() where !line.allSatisfy(\.isWhitespace) {
            let location = "\(url.lastPathComponent) line \(offset + 1)"
            let document: AttributeValue
            do {
                document = try TestJSON.parse(String(line))
            } catch {
                problems[location] = "\(location) is not JSON: \(error)"
                continue
            }
            guard case .string(let kind)? = document["kind"], expressionKinds.contains(kind) else { continue }
            let id: String = if case .string(let text)? = document["id"] { text } else { location }
            guard cases[id] == nil, problems[id] == nil else {
                problems["\(id) (\(location))"] = "case id \(id) in \(location) is already taken"
                continue
            }
            do {
                cases[id] = try makeCase(document, kind: kind)
            } catch {
                problems[id] = "case \(id) in \(location) cannot be read: \(error)"
            }
        }
    }

    private static func makeCase(_ document: AttributeValue, kind: String) throws -> ConformanceCase {
        guard case .string(let id)? = document["id"], case .string(let expression)? = document["expr"] else {
            throw InvalidCase(description: "case without id or expr: \(document)")
        }
        var context = DocumentContext()
        switch kind {
        case "expression":
            // The attrs resolve as task attributes for a filter and as worker
            // attributes for a queue; the tests try both where they can.
            context.taskAttributes = document["attrs"] ?? .emptyObject
            context.workerAttributes = document["attrs"] ?? .emptyObject
        case "target_expression":
            context.taskAttributes = document["task"] ?? .emptyObject
            try context.setWorker(fromDocument: document["worker"] ?? .emptyObject)
        default:
            try context.setQueueMembers(fromDocument: document["queue_members"] ?? .array([]))
        }
        if case .string(let now)? = document["now"] {
            context.nowUnixMilliseconds = try unixMilliseconds(now)
        }
        let expected: Bool?
        switch document["expect"] {
        case .bool(let value)?: expected = value
        case .string("error")?: expected = nil
        default: throw InvalidCase(description: "case \(id) has no usable expect")
        }
        var note: String?
        if case .string(let text)? = document["note"] { note = text }
        return ConformanceCase(id: id, kind: kind, expression: expression, expected: expected, context: context, note: note)
    }

    /// Converts an ISO 8601 instant such as 2024-05-15T09:15:00Z, with or
    /// without fractional seconds (2024-05-15T09:15:00.250Z). An instant
    /// without a zone (2024-05-15T09:15:00) is UTC, since `now` is given in UTC.
    static func unixMilliseconds(_ text: String) throws -> Int64 {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions.insert(.withFractionalSeconds)
        let parsed = [text, text + "Z"].lazy.compactMap { ISO8601DateFormatter().date(from: $0) ?? withFraction.date(from: $0) }
        guard let date = parsed.first else {
            throw InvalidCase(description: "invalid instant \(text)")
        }
        return Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}
