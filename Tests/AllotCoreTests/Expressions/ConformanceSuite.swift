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

    /// Every case by id, loaded once.
    static let cases: [String: ConformanceCase] = {
        do {
            return try loadCases()
        } catch {
            preconditionFailure("cannot load the conformance cases: \(error)")
        }
    }()

    /// The ids of every case, sorted, for parameterised tests.
    static let caseIDs: [String] = cases.keys.sorted()

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

    private static func loadCases() throws -> [String: ConformanceCase] {
        var cases: [String: ConformanceCase] = [:]
        try addCases(from: fileURL(), to: &cases)
        try addCases(from: auditFileURL(), to: &cases)
        return cases
    }

    /// Adds the expression cases of one file, rejecting an id already loaded.
    private static func addCases(from url: URL, to cases: inout [String: ConformanceCase]) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        for line in text.split(separator: "\n") where !line.allSatisfy(\.isWhitespace) {
            let document = try TestJSON.parse(String(line))
            guard case .string(let kind)? = document["kind"], expressionKinds.contains(kind) else { continue }
            let conformanceCase = try makeCase(document, kind: kind)
            guard cases[conformanceCase.id] == nil else {
                throw InvalidCase(description: "case id \(conformanceCase.id) in \(url.lastPathComponent) is already taken")
            }
            cases[conformanceCase.id] = conformanceCase
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
    /// without fractional seconds (2024-05-15T09:15:00.250Z).
    static func unixMilliseconds(_ text: String) throws -> Int64 {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions.insert(.withFractionalSeconds)
        guard let date = ISO8601DateFormatter().date(from: text) ?? withFraction.date(from: text) else {
            throw InvalidCase(description: "invalid instant \(text)")
        }
        return Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}
