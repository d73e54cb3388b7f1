import AllotCore
import Testing

@Suite struct WorkerOrderingTests {
    func attributes(_ json: String) throws -> AttributeValue {
        try TestJSON.parse(json)
    }

    @Test func parsesClausesAndDirections() throws {
        let ordering = try WorkerOrdering("worker.a DESC, worker.b.c ASC, worker.d, worker.e[1] desc")
        #expect(ordering.clauses == [
            OrderClause(path: [.member("a")], descending: true),
            OrderClause(path: [.member("b"), .member("c")], descending: false),
            OrderClause(path: [.member("d")], descending: false),
            OrderClause(path: [.member("e"), .index(1)], descending: true),
        ])
    }

    @Test func emptyListHasNoClauses() throws {
        #expect(try WorkerOrdering("").clauses.isEmpty)
        #expect(try WorkerOrdering("  ").clauses.isEmpty)
    }

    @Test func rejectsKeysWithoutWorkerPrefix() throws {
        #expect(throws: ExpressionError.self) { try WorkerOrdering("a DESC") }
        do {
            _ = try WorkerOrdering("worker.a DESC, task.b ASC")
            Issue.record("task.b was accepted")
        } catch {
            #expect(error.column == 16)
            #expect(error.message.contains("must begin with 'worker.'"))
        }
    }

    @Test func rejectsMalformedClauses() throws {
        let cases: [(String, Int)] = [
            ("worker.a DOWN", 10), ("worker.a DESC,", 15), (", worker.a", 1),
            ("worker.a DESC worker.b", 15), ("worker.a-b ASC", 9), ("worker", 1),
        ]
        for (source, column) in cases {
            do {
                _ = try WorkerOrdering(source)
                Issue.record("\(source) was accepted")
            } catch {
                #expect(error.column == column, "\(source): \(error)")
            }
        }
    }

    @Test func firstClauseSortsAndLaterBreakTies() throws {
        // Alice {finance 10, support 8}, Bob {finance 10, support 5}: Bob first.
        let ordering = try WorkerOrdering("worker.finance ASC, worker.support ASC")
        let alice = try attributes(#"{"finance":10,"support":8}"#)
        let bob = try attributes(#"{"finance":10,"support":5}"#)
        #expect(ordering.precedence(alice, bob) == .second)
        #expect(ordering.precedence(bob, alice) == .first)
        #expect(ordering.precedence(alice, alice) == .tie)
    }

    @Test func missingAttributeSortsLastInEitherDirection() throws {
        let alice = try attributes(#"{"finance":10,"support":8}"#)
        let bob = try attributes(#"{"finance":10}"#)
        for direction in ["ASC", "DESC"] {
            let ordering = try WorkerOrdering("worker.finance \(direction), worker.support \(direction)")
            #expect(ordering.precedence(alice, bob) == .first, "\(direction)")
            #expect(ordering.precedence(bob, alice) == .second, "\(direction)")
        }
    }

    @Test func descendingPutsLargerFirst() throws {
        let ordering = try WorkerOrdering("worker.level DESC")
        #expect(ordering.precedence(try attributes(#"{"level":3}"#), try attributes(#"{"level":7}"#)) == .second)
        #expect(ordering.precedence(try attributes(#"{"level":-1}"#), try attributes(#"{"level":-2}"#)) == .first)
    }

    @Test func nonIntegerValuesSortLikeMissing() throws {
        let ordering = try WorkerOrdering("worker.level ASC")
        let integer = try attributes(#"{"level":9}"#)
        for other in [#"{"level":1.5}"#, #"{"level":"1"}"#, #"{"level":true}"#, #"{"level":[1]}"#, #"{"level":null}"#, #"{"level":1e300}"#, "{}"] {
            #expect(ordering.precedence(integer, try attributes(other)) == .first, "\(other)")
            #expect(ordering.precedence(try attributes(other), try attributes(other)) == .tie, "\(other)")
        }
    }

    @Test func nestedPathsResolve() throws {
        let ordering = try WorkerOrdering("worker.routing.levels.billing DESC")
        let expert = try attributes(#"{"routing":{"levels":{"billing":5}}}"#)
        let novice = try attributes(#"{"routing":{"levels":{"billing":1}}}"#)
        #expect(ordering.precedence(novice, expert) == .second)
    }
}
