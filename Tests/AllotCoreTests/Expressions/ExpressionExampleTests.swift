import AllotCore
import Testing

/// The worked examples of TaskRouter's expression documentation, and valid
/// inputs written in less usual ways that must give the same results.
@Suite struct ExpressionExampleTests {
    typealias T = ExpressionTesting

    static let documentAttributes = #"{"string_const":"foo","object":{"array":["a","b","c"],"attr":"bar"}}"#
    static let alice = #"{"skills":["support","sales"],"languages":["english"]}"#
    static let bob = #"{"skills":["sales"],"languages":["spanish","english"]}"#

    @Test(arguments: [
        ("string_const == \"foo\"", true),
        ("object.array[2] == \"c\"", true),
        ("object.attr == 'bar'", true),
        ("object.array HAS \"b\"", true),
        ("object.array == \"a\"", false),
        ("string_const HAS \"foo\"", false),
        ("missing_key == null", true),
        ("missing_key > 1", false),
    ])
    func documentedTaskExamples(source: String, expected: Bool) throws {
        #expect(try T.filter(source, Self.documentAttributes) == expected, "\(source)")
    }

    @Test func documentedQueueExamples() throws {
        let both = "(skills HAS \"support\") AND (languages HAS \"english\")"
        #expect(try T.queue(both, Self.alice))
        #expect(try !T.queue(both, Self.bob))
        #expect(try !T.queue("(languages HAS \"spanish\")", Self.alice))
        #expect(try T.queue("(languages HAS \"spanish\")", Self.bob))
        #expect(try T.queue("1==1", Self.alice))
        #expect(try T.queue("1==1", Self.bob))
    }

    @Test(arguments: [
        "string_const==\"foo\"",
        "  string_const   ==   'foo'  ",
        "\tstring_const\n==\n'foo'",
        "((((string_const == 'foo'))))",
        "(string_const == 'foo')AND(object.attr == 'bar')",
        "string_const == 'foo' and object.attr = 'bar'",
        "string_const == 'foo' AnD (object.attr == 'x' oR object.attr == 'bar')",
        "'foo' == string_const",
        "\"b\" IN object.array",
        "'b' in object.array",
        "'b' <- object.array",
        "object.array >- 'c'",
        "object.array has 'a'",
        "string_const Not In ['bar', 'baz']",
        "string_const not   in []",
        "string_const contains 'o'",
        "string_const CONTAINS ''",
        "object.array[ 0 ] == 'a'",
        "object.array[3] == NULL",
        "missing_key == Null",
        "object != null",
        "object.array != null",
    ])
    func unusualButValidSpellingsAreTrue(source: String) throws {
        #expect(try T.filter(source, Self.documentAttributes), "\(source)")
    }

    @Test(arguments: [
        ("n == 5.00", true),
        ("n == 05", true),
        ("n == 5e0", true),
        ("n == 0.5E1", true),
        ("n >= 4.999", true),
        ("n > -5", true),
        ("n IN [-1, 5.0]", true),
        ("neg == -3", true),
        ("neg < -2.5", true),
        ("pi == 3.141529", true),
        ("pi > 3", true),
        ("big == 2147483647", true),
        ("six == 6", true),
        ("six > 5", true),
        ("six == 6.0", true),
        ("six IN [6]", true),
        ("decimal == 5.5", true),
        ("six == '6.0'", false),
    ])
    func numberForms(source: String, expected: Bool) throws {
        let attributes = #"{"n":5,"neg":-3,"pi":3.141529,"big":2147483647,"six":"6","decimal":"5.50"}"#
        #expect(try T.filter(source, attributes) == expected, "\(source)")
    }

    @Test(arguments: [
        ("on == true", true),
        ("on == TRUE", true),
        ("on != false", true),
        ("off == False", true),
        ("on == 'true'", false),
        ("on == 1", false),
        ("on > false", false),
        ("flags HAS true", true),
        ("false IN flags", true),
        ("on IN [true]", true),
    ])
    func booleans(source: String, expected: Bool) throws {
        let attributes = #"{"on":true,"off":false,"flags":[true,false]}"#
        #expect(try T.filter(source, attributes) == expected, "\(source)")
    }

    @Test(arguments: [
        ("list IN list", false),
        ("list HAS list", false),
        ("list == list", false),
        ("['a'] == ['a']", false),
        ("['a'] IN list", false),
        ("list NOT IN ['x']", false),
        ("nested HAS ['a']", false),
        ("['a', 'b'] HAS 'b'", true),
        ("'a' IN ['a', 'b']", true),
        ("list == 'a'", false),
        ("list != 'a'", false),
        ("list CONTAINS 'a'", false),
    ])
    func arraysOnEitherSide(source: String, expected: Bool) throws {
        let attributes = #"{"list":["a","b"],"nested":[["a"],["b"]]}"#
        #expect(try T.filter(source, attributes) == expected, "\(source)")
    }

    @Test(arguments: [
        ("name == 'Zoë'", true),
        ("name == \"Zoë\"", true),
        ("name == 'ZOË'", false),
        ("name CONTAINS 'ë'", true),
        ("city == '東京'", true),
        ("emoji == '😀 ok'", true),
        ("emoji CONTAINS '😀'", true),
        ("langs HAS 'français'", true),
        ("'Ελληνικά' IN langs", true),
        ("名前 == 'x'", true),
    ])
    func unicodeStrings(source: String, expected: Bool) throws {
        let attributes = #"{"name":"Zoë","city":"東京","emoji":"😀 ok","langs":["français","Ελληνικά"],"名前":"x"}"#
        #expect(try T.filter(source, attributes) == expected, "\(source)")
    }

    @Test func valuesCompareCaseSensitively() throws {
        #expect(try !T.filter("day == 'THU'", #"{"day":"Thu"}"#))
        #expect(try T.filter("day != 'THU'", #"{"day":"Thu"}"#))
        #expect(try !T.filter("days HAS 'thu'", #"{"days":["Thu"]}"#))
        #expect(try !T.filter("day IN ['THU', 'FRI']", #"{"day":"Thu"}"#))
    }

    @Test func andBindsTighterThanOrWithoutParentheses() throws {
        // a OR (b AND c), not (a OR b) AND c.
        #expect(try T.filter("a == 1 OR b == 1 AND c == 1", #"{"a":1,"b":0,"c":0}"#))
        #expect(try !T.filter("a == 0 OR b == 1 AND c == 1", #"{"a":1,"b":1,"c":0}"#))
        #expect(try T.filter("a == 0 AND b == 0 OR c == 1", #"{"a":1,"b":1,"c":1}"#))
        #expect(try T.filter("a == 1 || b == 1 && c == 1", #"{"a":1,"b":0,"c":0}"#))
    }

    @Test(arguments: [
        ("task.type == 'ticket' AND worker.skills HAS task.type", true),
        ("worker.skills HAS task.type", true),
        ("task.type IN worker.skills", true),
        ("task.level <= worker.level", true),
        ("task.level > worker.level", false),
        ("worker.level == task.level_text", true),
        ("task.preferred != null AND worker.id IN task.preferred", true),
        ("worker.id IN task.missing", false),
        ("worker.sid == task.requested", true),
        ("worker.friendly_name == 'Alice'", true),
        ("worker.activity_name IN ['Available', 'Busy']", true),
        ("worker.channel.voice.configured_capacity >= 1", true),
        ("worker.channel.chat.assigned_tasks == 1", true),
        ("worker.channel.chat.available_capacity_percentage == 50", true),
        ("worker.channel.sms.assigned_tasks == null", true),
        ("(task.type == 'lead') OR (worker.level > 2 AND task.level < 3)", true),
    ])
    func targetExpressionsReadBothSides(source: String, expected: Bool) throws {
        let task = #"{"type":"ticket","level":2,"level_text":"3","preferred":["a7","a9"],"requested":"WK00000000000000000000000000000001"}"#
        let worker = #"""
        {"sid":"WK00000000000000000000000000000001","friendly_name":"Alice","activity_name":"Available",
         "id":"a9","skills":["ticket","lead"],"level":3,
         "channels":{"voice":{"configured_capacity":1,"active_reservations":0,"assigned_tasks":0},
                     "chat":{"configured_capacity":2,"active_reservations":1,"assigned_tasks":1}}}
        """#
        #expect(try T.target(source, task: task, worker: worker) == expected, "\(source)")
    }
}
