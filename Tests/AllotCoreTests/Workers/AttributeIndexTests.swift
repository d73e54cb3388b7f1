import Testing
@testable import AllotCore

@Suite struct AttributeIndexTests {
    func attributes(_ text: String) throws -> AttributeValue {
        try JSONInput.attributes(text, field: "Attributes", limits: EngineLimits())
    }

    @Test func keysCoverScalarsAndArrayElements() throws {
        let keys = WorkerAttributeIndex.keys(for: try attributes(#"{"routing":{"skills":["a","b"],"level":3},"name":"x","none":null}"#))
        #expect(keys.contains(AttributeIndexKey(path: "routing\u{0}skills", value: .string("a"), isArrayElement: true)))
        #expect(keys.contains(AttributeIndexKey(path: "routing\u{0}skills", value: .string("b"), isArrayElement: true)))
        #expect(keys.contains(AttributeIndexKey(path: "routing\u{0}level", value: .number(3), isArrayElement: false)))
        #expect(keys.contains(AttributeIndexKey(path: "name", value: .string("x"), isArrayElement: false)))
        #expect(keys.count == 4)
    }

    @Test func numericStringsShareTheNumberBucket() {
        #expect(IndexScalar(.string("6")) == IndexScalar(.number(6)))
        #expect(IndexScalar(.string("six")) == .string("six"))
        #expect(IndexScalar(.bool(true)) != IndexScalar(.string("true")))
    }

    @Test func plannerNarrowsHasEqualsAndIn() throws {
        var index = WorkerAttributeIndex()
        let alice = WorkerHandle(0)
        let bob = WorkerHandle(1)
        index.insert(alice, keys: WorkerAttributeIndex.keys(for: try attributes(#"{"skills":["support","sales"],"lang":"en"}"#)))
        index.insert(bob, keys: WorkerAttributeIndex.keys(for: try attributes(#"{"skills":["sales"],"lang":"es","id":"b1"}"#)))
        let planner = CandidatePlanner(index: index, taskAttributes: nil)
        let skills = Operand.key(root: .worker, path: [.member("skills")])
        let lang = Operand.key(root: .worker, path: [.member("lang")])
        #expect(planner.candidates(.comparison(skills, .has, .constant(.string("support")))) == .some([alice]))
        #expect(planner.candidates(.comparison(lang, .equal, .constant(.string("es")))) == .some([bob]))
        #expect(planner.candidates(.comparison(lang, .in, .constant(.array([.string("en"), .string("es")])))) == .some([alice, bob]))
        #expect(planner.candidates(.comparison(.constant(.string("sales")), .in, skills)) == .some([alice, bob]))
        let both = ExpressionNode.and([.comparison(skills, .has, .constant(.string("sales"))),
                                       .comparison(lang, .equal, .constant(.string("en")))])
        #expect(planner.candidates(both) == .some([alice]))
        #expect(planner.candidates(.never) == .some([]))
        #expect(planner.candidates(.comparison(lang, .notEqual, .constant(.string("en")))) == .all)
        #expect(planner.candidates(.or([.comparison(lang, .equal, .constant(.string("en"))),
                                        .comparison(lang, .greater, .constant(.number(1)))])) == .all)
    }

    @Test func plannerResolvesTaskSideOfTargetShapes() throws {
        var index = WorkerAttributeIndex()
        let alice = WorkerHandle(0)
        let bob = WorkerHandle(1)
        index.insert(alice, keys: WorkerAttributeIndex.keys(for: try attributes(#"{"id":"agent01","langs":["fr"]}"#)))
        index.insert(bob, keys: WorkerAttributeIndex.keys(for: try attributes(#"{"id":"agent04","langs":["en","fr"]}"#)))
        let task = try attributes(#"{"preferred":["agent04","agent07"],"lang":"en"}"#)
        let planner = CandidatePlanner(index: index, taskAttributes: task)
        let workerId = Operand.key(root: .worker, path: [.member("id")])
        let preferred = Operand.key(root: .task, path: [.member("preferred")])
        #expect(planner.candidates(.comparison(workerId, .in, preferred)) == .some([bob]))
        let taskLang = Operand.key(root: .task, path: [.member("lang")])
        let workerLangs = Operand.key(root: .worker, path: [.member("langs")])
        #expect(planner.candidates(.comparison(taskLang, .in, workerLangs)) == .some([bob]))
        #expect(planner.candidates(.comparison(taskLang, .equal, .key(root: .worker, path: [.member("id")]))) == .some([]))
        let missing = Operand.key(root: .task, path: [.member("missing")])
        #expect(planner.candidates(.comparison(missing, .equal, workerId)) == .all)
    }
}
