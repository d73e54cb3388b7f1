import AllotCore
import Testing

@Suite struct ExpressionErrorTests {
    typealias T = ExpressionTesting

    @Test func hyphenInKeyNamesTheKey() throws {
        let error = try #require(T.error(#"customer-value == "gold""#))
        #expect(error.column == 9)
        #expect(error.message == "'-' is not allowed in a key ('customer-value'); expressions cannot reference keys that contain hyphens")
        #expect(error.found == "'-'")
        #expect(error.description.hasPrefix("column 9: "))
    }

    @Test func hyphenInNestedKey() throws {
        let error = try #require(T.error("task.customer-tier.level == 1", kind: .target))
        #expect(error.column == 14)
        #expect(error.message.contains("('task.customer-tier.level')"))
    }

    @Test func unclosedParenthesis() throws {
        let error = try #require(T.error("(a == 1 AND b"))
        #expect(error.column == 14)
        let closing = try #require(T.error("(a == 1 AND b == 2"))
        #expect(closing.column == 19)
        #expect(closing.message == "expected ')' to close '(' at column 1, found end of expression")
        #expect(closing.found == "end of expression")
        #expect(closing.expected == "')' to close '(' at column 1")
    }

    @Test func unopenedParenthesis() throws {
        let error = try #require(T.error("a == 1)"))
        #expect(error.column == 7)
        #expect(error.message.contains("unbalanced ')'"))
    }

    @Test func bareNotIsRejected() throws {
        let error = try #require(T.error("NOT a == 1"))
        #expect(error.column == 1)
        #expect(error.message == "unary NOT is not supported; use != or NOT IN")
        let lowercase = try #require(T.error("a == 1 AND not b == 2"))
        #expect(lowercase.column == 12)
        let notWithoutIn = try #require(T.error("a NOT ['x']"))
        #expect(notWithoutIn.column == 7)
        #expect(notWithoutIn.message.contains("expected IN after NOT"))
    }

    @Test func missingOperatorIsRejected() throws {
        let bareKey = try #require(T.error("skills"))
        #expect(bareKey.column == 7)
        #expect(bareKey.message.contains("expected a comparison operator"))
        #expect(bareKey.message.contains("after 'skills'"))
        #expect(bareKey.found == "end of expression")
        let bareTrue = try #require(T.error("true"))
        #expect(bareTrue.message.contains("after 'true'"))
        let inConjunction = try #require(T.error("a == 1 AND flag"))
        #expect(inConjunction.column == 16)
        let beforeAnd = try #require(T.error("flag AND a == 1"))
        #expect(beforeAnd.column == 6)
        #expect(beforeAnd.found == "'AND'")
    }

    @Test func unterminatedStringIsRejected() throws {
        let single = try #require(T.error("a == 'abc"))
        #expect(single.column == 6)
        #expect(single.message.contains("unterminated string"))
        // The column is a field of its own, so callers that print it do not repeat it.
        #expect(!single.message.contains("column"))
        #expect(single.message.contains("quote both ends"))
        let double = try #require(T.error(#"a == "abc\""#))
        #expect(double.column == 6)
        let trailingBackslash = try #require(T.error(#"a == 'abc\"#))
        #expect(trailingBackslash.column == 10)
    }

    @Test func unknownEscapeIsRejected() throws {
        let error = try #require(T.error(#"a == 'x\q'"#))
        #expect(error.column == 8)
        #expect(error.message.contains("unknown escape '\\q'"))
    }

    @Test func tooDeepNestingIsRejected() throws {
        let limit = Limits.maximumExpressionDepth
        let deepest = String(repeating: "(", count: limit) + "a == 1" + String(repeating: ")", count: limit)
        #expect(try T.queue(deepest, #"{"a":1}"#))

        let tooDeep = String(repeating: "(", count: limit + 3) + "a == 1" + String(repeating: ")", count: limit + 3)
        let error = try #require(T.error(tooDeep))
        #expect(error.column == limit + 1)
        #expect(error.message.contains("\(limit + 1) deep"))
        #expect(error.message.contains("1 more than the limit of \(limit)"))
    }

    @Test func unbalancedHugeNestingFailsWithoutCrashing() throws {
        let source = String(repeating: "(", count: Limits.maximumExpressionBytes)
        #expect(T.error(source) != nil)
        let closers = String(repeating: ")", count: Limits.maximumExpressionBytes)
        #expect(T.error(closers) != nil)
    }

    @Test func tooLongIsRejected() throws {
        let limit = Limits.maximumExpressionBytes
        let padding = String(repeating: " ", count: limit - 6)
        #expect(try T.queue("a == 1" + padding, #"{"a":1}"#))

        let error = try #require(T.error("a == 1" + padding + "   "))
        #expect(error.column == limit + 1)
        #expect(error.message.contains("\(limit + 3) bytes long, 3 bytes over the limit of \(limit) bytes"))
    }

    @Test func keyStartingWithDigitIsRejected() throws {
        let error = try #require(T.error("988En == 'x'"))
        #expect(error.column == 1)
        #expect(error.message.contains("'988En'"))
        let segment = try #require(T.error("a.9b == 1"))
        #expect(segment.column == 3)
    }

    @Test func malformedKeysAreRejected() throws {
        #expect(T.error("a. b == 1")?.column == 2)
        #expect(T.error("a.[0] == 1")?.column == 3)
        #expect(T.error("a[x] == 1")?.column == 3)
        #expect(T.error("a[1.5] == 1")?.column == 3)
        #expect(T.error("a[-1] == 1")?.column == 3)
        #expect(T.error("a[1 == 1")?.column == 5)
    }

    @Test func malformedNumbersAreRejected() throws {
        #expect(T.error("a == 1e")?.column == 6)
        #expect(T.error("a == 1.")?.column == 7)
        #expect(T.error("a == 1e999")?.message.contains("too large") == true)
        #expect(T.error("a == - 5")?.column == 6)
        #expect(T.error("a == -b")?.column == 6)
    }

    @Test func malformedArraysAreRejected() throws {
        #expect(T.error("a IN [1, 2")?.column == 11)
        #expect(T.error("a IN [1,, 2]")?.column == 9)
        #expect(T.error("a IN [1, 2,]")?.column == 12)
        let nested = try #require(T.error("a IN [[1]]"))
        #expect(nested.message.contains("cannot be nested"))
        let key = try #require(T.error("a IN [b]"))
        #expect(key.message.contains("not keys"))
    }

    @Test func unexpectedCharactersAreRejected() throws {
        #expect(T.error("a # 1")?.column == 3)
        #expect(T.error("a ! 1")?.message.contains("use != ") == true)
        #expect(T.error("a == 1 & b == 2")?.message.contains("AND") == true)
        #expect(T.error("a == 1 | b == 2")?.message.contains("OR") == true)
        #expect(T.error("a == 1 ; b == 2")?.column == 8)
    }

    @Test func danglingConnectivesAreRejected() throws {
        #expect(T.error("a == 1 AND")?.column == 11)
        #expect(T.error("OR a == 1") != nil)
        #expect(T.error("a == 1 AND AND b == 1")?.column == 16)
        #expect(T.error("()")?.column == 2)
        #expect(T.error("a ==")?.column == 5)
        #expect(T.error("== 1")?.column == 1)
    }

    @Test func arithmeticIsRejected() throws {
        let error = try #require(T.error("a - 1 == 2"))
        #expect(error.column == 3)
        #expect(error.message.contains("arithmetic is not supported"))
    }

    @Test func columnsCountCharacters() throws {
        // "é" is two bytes in UTF-8 but one column.
        let error = try #require(T.error("a == 'é' AND"))
        #expect(error.column == 13)
    }
}
