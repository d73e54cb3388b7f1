import AllotCore
import Testing

@Suite struct SyntaxTests {
    typealias T = ExpressionTesting

    @Test func singleAndDoubleQuotedStrings() throws {
        #expect(try T.queue("a == 'x'", #"{"a":"x"}"#))
        #expect(try T.queue("a == \"x\"", #"{"a":"x"}"#))
    }

    @Test func stringEscapes() throws {
        #expect(try T.queue(#"a == 'it\'s'"#, #"{"a":"it's"}"#))
        #expect(try T.queue(#"a == "say \"hi\"""#, #"{"a":"say \"hi\""}"#))
        #expect(try T.queue(#"a == 'back\\slash'"#, #"{"a":"back\\slash"}"#))
        #expect(try T.queue(#"a == 'line\nbreak'"#, #"{"a":"line\nbreak"}"#))
        #expect(try T.queue(#"a == 'tab\there'"#, #"{"a":"tab\there"}"#))
        #expect(try T.queue(#"a == "it\'s""#, #"{"a":"it's"}"#))
    }

    @Test func stringsKeepSpecialCharacters() throws {
        #expect(try T.queue("email=='alerts+production@example.org'", #"{"email":"alerts+production@example.org"}"#))
        #expect(try T.queue("a == 'x AND y OR (z)'", #"{"a":"x AND y OR (z)"}"#))
        #expect(try T.queue("a == 'Indigenous/Interpreter'", #"{"a":"Indigenous/Interpreter"}"#))
        #expect(try T.queue("a == 'héllo wörld'", #"{"a":"héllo wörld"}"#))
        #expect(try T.queue("a == ''", #"{"a":""}"#))
    }

    @Test func numberForms() throws {
        #expect(try T.queue("a == 5", #"{"a":5}"#))
        #expect(try T.queue("a == 5.25", #"{"a":5.25}"#))
        #expect(try T.queue("a == 0800", #"{"a":800}"#))
        #expect(try T.queue("a == 1e3", #"{"a":1000}"#))
        #expect(try T.queue("a == 2.5E-1", #"{"a":0.25}"#))
        #expect(try T.queue("a == 1.0", #"{"a":1}"#))
    }

    @Test func negativeNumberLiterals() throws {
        #expect(try T.queue("a == -5", #"{"a":-5}"#))
        #expect(try T.queue("a > -5.5", #"{"a":-5}"#))
        #expect(try T.queue("a IN [-1, -2]", #"{"a":-2}"#))
        #expect(try T.queue("-3 < a", #"{"a":0}"#))
    }

    @Test func booleanAndNullLiteralsIgnoreCase() throws {
        for spelling in ["true", "TRUE", "True", "tRuE"] {
            #expect(try T.queue("a == \(spelling)", #"{"a":true}"#))
        }
        for spelling in ["false", "FALSE", "False"] {
            #expect(try T.queue("a == \(spelling)", #"{"a":false}"#))
        }
        for spelling in ["null", "NULL", "Null"] {
            #expect(try T.queue("missing == \(spelling)"))
        }
    }

    @Test func arrayLiterals() throws {
        #expect(try T.queue("a IN ['x', 2, true, null]", #"{"a":2}"#))
        #expect(try T.queue("a IN ['x', 2, true]", #"{"a":true}"#))
        #expect(try !T.queue("a IN []", #"{"a":"x"}"#))
        #expect(try T.queue("a IN[ 'x' ,'y' ]", #"{"a":"y"}"#))
        #expect(try T.queue("['a', 'b'] HAS k", #"{"k":"b"}"#))
    }

    @Test func keyPathsAndIndexes() throws {
        let attributes = #"{"o":{"list":[["a","b"],{"deep":"c"}],"n":{"m":1}}, "$x":{"_y":2}}"#
        #expect(try T.queue("o.list[0][1] == 'b'", attributes))
        #expect(try T.queue("o.list[1].deep == 'c'", attributes))
        #expect(try T.queue("o.n.m == 1", attributes))
        #expect(try T.queue("$x._y == 2", attributes))
        #expect(try T.queue("o.list[ 0 ][ 0 ] == 'a'", attributes))
        #expect(try T.queue("o.list[7] == null", attributes))
        #expect(try T.queue("o.n[0] == null", attributes))
        #expect(try T.queue("o.list.deep == null", attributes))
        #expect(try T.queue("o.list[99999999999] == null", attributes))
    }

    @Test func nonASCIIKeys() throws {
        #expect(try T.queue("langue_préférée == 'fr'", #"{"langue_préférée":"fr"}"#))
        #expect(try T.queue("cafe\u{301} == 1", #"{"cafe\u0301":1}"#))
        #expect(try T.queue("日本語 == 'ja'", #"{"日本語":"ja"}"#))
    }

    @Test func symbolsAreNotKeyCharacters() throws {
        #expect(T.error("a€ == 1")?.column == 2)
        #expect(T.error("😀 == 1")?.column == 1)
        #expect(T.error("\u{301}a == 1")?.column == 1)
    }

    @Test func equalityAliases() throws {
        #expect(try T.queue("a = 1", #"{"a":1}"#))
        #expect(try T.queue("a == 1", #"{"a":1}"#))
        #expect(try T.queue("a==1", #"{"a":1}"#))
    }

    @Test func arrayOperatorAliases() throws {
        #expect(try T.queue("skills >- 'x'", #"{"skills":["x"]}"#))
        #expect(try T.queue("skills HAS 'x'", #"{"skills":["x"]}"#))
        #expect(try T.queue("s <- ['x']", #"{"s":"x"}"#))
        #expect(try T.queue("s IN ['x']", #"{"s":"x"}"#))
    }

    @Test func logicalAliases() throws {
        #expect(try T.queue("a == 1 && b == 2", #"{"a":1,"b":2}"#))
        #expect(try T.queue("a == 1 || b == 2", #"{"a":0,"b":2}"#))
        #expect(try !T.queue("a == 1 && b == 2", #"{"a":1,"b":3}"#))
    }

    @Test func keywordOperatorsIgnoreCase() throws {
        let attributes = #"{"a":1,"b":2,"s":"xyz","l":["q"]}"#
        for (and, or) in [("AND", "OR"), ("and", "or"), ("And", "Or")] {
            #expect(try T.queue("a == 1 \(and) b == 2", attributes))
            #expect(try T.queue("a == 0 \(or) b == 2", attributes))
        }
        for word in ["CONTAINS", "contains", "Contains"] {
            #expect(try T.queue("s \(word) 'y'", attributes))
        }
        for word in ["HAS", "has", "Has"] {
            #expect(try T.queue("l \(word) 'q'", attributes))
        }
        for word in ["IN", "in", "In"] {
            #expect(try T.queue("a \(word) [1]", attributes))
        }
        for word in ["NOT IN", "not in", "Not In", "NOT in"] {
            #expect(try T.queue("a \(word) [2]", attributes))
        }
    }

    @Test func keysMayBeNamedLikeKeywords() throws {
        let attributes = #"{"type":"ticket","in":1,"has":2,"and":3,"or":4,"contains":5}"#
        #expect(try T.queue("type == 'ticket'", attributes))
        #expect(try T.queue("in == 1", attributes))
        #expect(try T.queue("has == 2 AND and == 3 AND or == 4", attributes))
        #expect(try T.queue("contains == 5", attributes))
        #expect(try T.queue("true.x == 1", #"{"true":{"x":1}}"#))
    }

    @Test func andBindsTighterThanOr() throws {
        // a OR (b AND c): true through a alone.
        #expect(try T.queue("a == 1 OR b == 1 AND c == 1", #"{"a":1,"b":0,"c":0}"#))
        // (a AND b) OR c: true through c alone.
        #expect(try T.queue("a == 1 AND b == 1 OR c == 1", #"{"a":0,"b":0,"c":1}"#))
        #expect(try !T.queue("(a == 1 OR b == 1) AND c == 1", #"{"a":1,"b":0,"c":0}"#))
    }

    @Test func whitespaceAnywhereBetweenTokens() throws {
        #expect(try T.queue("  a == 1  ", #"{"a":1}"#))
        #expect(try T.queue("\ta\n==\r\n1\t", #"{"a":1}"#))
        #expect(try T.queue("routing.skills HAS 'KHP Interpreter' ", #"{"routing":{"skills":["KHP Interpreter"]}}"#))
        #expect(try T.queue("(\u{00A0}a == 1)", #"{"a":1}"#))
    }

    @Test func connectiveRightAfterNumber() throws {
        #expect(try T.queue("a==1AND b==2", #"{"a":1,"b":2}"#))
        #expect(try T.queue("a==1or b==2", #"{"a":0,"b":2}"#))
        #expect(try T.queue("a>=0800.5And b < -2e1OR c==1", #"{"a":900,"b":-30}"#))
        // Any other word right after digits is still rejected as a key that starts with a digit.
        #expect(T.error("a == 988En") != nil)
        #expect(T.error("a == 1Andy") != nil)
    }

    @Test func emptyExpressionMatchesNothing() throws {
        for source in ["", " ", "\n\t "] {
            let expression = try AllotCore.Expression(source, kind: .queueTargetWorkers)
            #expect(expression.root == .never)
            #expect(expression.isContradiction)
            #expect(!expression.evaluate(in: DocumentContext()))
        }
    }

    @Test func rootKeepsComparisonsAsWritten() throws {
        #expect(try T.root("1 == 1") == .comparison(.constant(.number(1)), .equal, .constant(.number(1))))
        #expect(
            try T.root("skills HAS 'support' AND level >= 3")
                == .and([
                    .comparison(T.workerKey("skills"), .has, .constant(.string("support"))),
                    .comparison(T.workerKey("level"), .greaterOrEqual, .constant(.number(3))),
                ])
        )
        #expect(
            try T.root("o.list[2] != null")
                == .comparison(.key(root: .worker, path: [.member("o"), .member("list"), .index(2)]), .notEqual, .constant(.null))
        )
    }

    @Test func rootMergesSameConnective() throws {
        let a = ExpressionNode.comparison(T.workerKey("a"), .equal, .constant(.number(1)))
        let b = ExpressionNode.comparison(T.workerKey("b"), .equal, .constant(.number(1)))
        let c = ExpressionNode.comparison(T.workerKey("c"), .equal, .constant(.number(1)))
        #expect(try T.root("(a == 1 AND b == 1) AND c == 1") == .and([a, b, c]))
        #expect(try T.root("a == 1 OR (b == 1 OR c == 1)") == .or([a, b, c]))
        #expect(try T.root("a == 1 OR b == 1 AND c == 1") == .or([a, .and([b, c])]))
        #expect(try T.root("((a == 1))") == a)
    }

    @Test func rootResolvesOperatorAliases() throws {
        let expected = ExpressionNode.comparison(T.workerKey("s"), .in, .constant(.array([.string("x")])))
        #expect(try T.root("s <- ['x']") == expected)
        #expect(try T.root("s in ['x']") == expected)
        #expect(try T.root("l >- 'x'") == .comparison(T.workerKey("l"), .has, .constant(.string("x"))))
        #expect(try T.root("a = 1") == .comparison(T.workerKey("a"), .equal, .constant(.number(1))))
        #expect(try T.root("a not in [1]") == .comparison(T.workerKey("a"), .notIn, .constant(.array([.number(1)]))))
    }

    @Test func expressionsEqualBySourceAndKind() throws {
        let first = try AllotCore.Expression("a == 1", kind: .queueTargetWorkers)
        let second = try AllotCore.Expression("a == 1", kind: .queueTargetWorkers)
        let other = try AllotCore.Expression("a == 1", kind: .taskFilter)
        #expect(first == second)
        #expect(first.hashValue == second.hashValue)
        #expect(first != other)
        #expect(first.source == "a == 1")
        #expect(other.kind == .taskFilter)
    }
}
