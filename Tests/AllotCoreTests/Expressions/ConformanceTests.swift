import AllotCore
import Foundation
import Testing

/// Every conformance case about expressions, released or audit, one test each.
@Suite struct ConformanceTests {
    @Test func suiteHasExpressionCases() {
        #expect(ConformanceSuite.cases.count >= 48)
        let auditCount = ConformanceSuite.caseIDs.count { $0.hasPrefix(ConformanceSuite.auditIDPrefix) }
        #expect(auditCount >= 100)
        let kinds = Set(ConformanceSuite.cases.values.map(\.kind))
        #expect(kinds == ConformanceSuite.expressionKinds)
        #expect(ConformanceSuite.problems.isEmpty, "unreadable cases: \(ConformanceSuite.problems.values.sorted())")
    }

    @Test func prefersSharedDesignCopy() {
        let url = ConformanceSuite.fileURL()
        #expect(url.lastPathComponent == "conformance.jsonl")
        let shared = ConformanceSuite.sharedFileURL()
        if FileManager.default.fileExists(atPath: shared.path) {
            #expect(url == shared)
        }
    }

    @Test func unreadableLineFailsOnlyItsOwnCase() throws {
        let lines = [
            #"{"id":"X1","kind":"expression","expr":"a == 1","attrs":{"a":1},"expect":true}"#,
            #"{"id":"X2","kind":"expression","expr":"a == 1","attrs":{"a":1},"expect":"maybe"}"#,
            #"{"id":"X3","kind":"expression","expr":"a == 1","#,
            #"{"id":"X1","kind":"expression","expr":"a == 2","attrs":{},"expect":false}"#,
            #"{"id":"X4","kind":"expression","expr":"taskrouter.currentMin == 5","now":"2024-05-15T09:05:00","expect":true}"#,
        ]
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("conformance-\(UUID().uuidString).jsonl")
        try lines.joined(separator: "\r\n").write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        var cases: [String: ConformanceCase] = [:]
        var problems: [String: String] = [:]
        try ConformanceSuite.addCases(from: url, to: &cases, problems: &problems)
        #expect(cases.keys.sorted() == ["X1", "X4"])
        #expect(cases["X4"]?.context.nowUnixMilliseconds == 1_715_763_900_000)
        let name = url.lastPathComponent
        #expect(problems.keys.sorted() == ["X1 (\(name) line 4)", "X2", "\(name) line 3"])
    }

    @Test(arguments: ConformanceSuite.caseIDs)
    func conformanceCase(_ id: String) throws {
        if let problem = ConformanceSuite.problems[id] {
            Issue.record("\(problem)")
            return
        }
        let conformanceCase = try #require(ConformanceSuite.cases[id])
        for kind in Self.kinds(for: conformanceCase) {
            let result = Result { () throws(ExpressionError) -> Bool in
                let expression = try AllotCore.Expression(conformanceCase.expression, kind: kind)
                return expression.evaluate(in: conformanceCase.context)
            }
            switch (result, conformanceCase.expected) {
            case (.success(let value), let expected?):
                #expect(value == expected, "\(id) as \(kind): \(conformanceCase.expression)")
            case (.failure(let error), let expected?):
                Issue.record("\(id) as \(kind) expected \(expected) but failed to compile: \(error)")
            case (.success(let value), nil):
                Issue.record("\(id) as \(kind) must not compile, but evaluated to \(value)")
            case (.failure, nil):
                break
            }
        }
    }

    /// Returns the kinds a case is tried as. An `expression` case is a task
    /// filter, and also a queue expression unless it reads the clock, which
    /// queue expressions cannot.
    static func kinds(for conformanceCase: ConformanceCase) -> [ExpressionKind] {
        switch conformanceCase.kind {
        case "target_expression": [.target]
        case "skip_if": [.skipIf]
        default:
            conformanceCase.expression.contains("taskrouter.") ? [.taskFilter] : [.taskFilter, .queueTargetWorkers]
        }
    }
}
