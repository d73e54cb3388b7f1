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
    }

    @Test func prefersSharedDesignCopy() {
        let url = ConformanceSuite.fileURL()
        #expect(url.lastPathComponent == "conformance.jsonl")
        let shared = ConformanceSuite.sharedFileURL()
        if FileManager.default.fileExists(atPath: shared.path) {
            #expect(url == shared)
        }
    }

    @Test(arguments: ConformanceSuite.caseIDs)
    func conformanceCase(_ id: String) throws {
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
