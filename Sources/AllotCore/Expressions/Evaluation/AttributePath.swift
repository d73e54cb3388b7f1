/// A compiled key path into an attributes document.
struct AttributePath: Sendable {
    /// A member name, with whether it is all ASCII, which allows a faster
    /// exact comparison (see `UTF8Text.equal(_:asciiText:)`).
    struct MemberName: Sendable {
        let name: String
        let isASCII: Bool

        init(_ name: String) {
            self.name = name
            self.isASCII = name.utf8.allSatisfy { $0 < 0x80 }
        }
    }

    /// One step of the path.
    enum Step: Sendable {
        case member(MemberName)
        case index(Int)
    }

    /// The steps from the document's root; never empty.
    let steps: ContiguousArray<Step>
    /// The member when the path is that one member, the common case, which
    /// `value(in:)` resolves without a loop.
    private let singleMember: MemberName?

    init(_ components: [PathComponent]) {
        precondition(!components.isEmpty, "an attribute path has at least one component")
        self.steps = ContiguousArray(components.map { component in
            switch component {
            case .member(let name): .member(MemberName(name))
            case .index(let index): .index(index)
            }
        })
        if components.count == 1, case .member(let member) = steps[0] {
            singleMember = member
        } else {
            singleMember = nil
        }
    }

    /// Returns the value at this path in `document`, or null when a member is
    /// missing, an index is out of range, or a step meets the wrong type.
    ///
    /// - Complexity: O(k log m) for k steps through objects of m members.
    @inline(__always)
    func value(in document: AttributeValue) -> AttributeValue {
        if let singleMember {
            guard case .object(let object) = document else { return .null }
            return object.memberValue(exactKey: singleMember) ?? .null
        }
        return walk(from: document)
    }

    private func walk(from document: AttributeValue) -> AttributeValue {
        var current = document
        for step in steps {
            switch step {
            case .member(let name):
                guard case .object(let object) = current, let member = object.memberValue(exactKey: name) else { return .null }
                current = member
            case .index(let index):
                guard case .array(let elements) = current, index >= 0, index < elements.count else { return .null }
                current = elements[index]
            }
        }
        return current
    }
}

extension AttributeObject {
    /// Returns the value of the member whose key has the same UTF-8 bytes as
    /// `key`, or nil when there is none.
    ///
    /// Small objects are scanned, comparing the cheap byte counts first.
    /// Larger ones are binary-searched, because members are sorted by the
    /// UTF-8 bytes of their keys. Both compare bytes, which avoids the
    /// Unicode-aware `==` and the generic UTF-8 view iteration of the
    /// subscript.
    ///
    /// - Complexity: O(m) for objects of up to `linearLookupLimit` members,
    ///   O(log m) key comparisons above.
    @inline(__always)
    func memberValue(exactKey key: AttributePath.MemberName) -> AttributeValue? {
        members.withUnsafeBufferPointer { buffer in
            if buffer.count <= Self.linearLookupLimit {
                for index in buffer.indices where key.matches(buffer[index].key) {
                    return buffer[index].value
                }
                return nil
            }
            var low = 0
            var high = buffer.count
            while low < high {
                let middle = (low &+ high) / 2
                let order = UTF8Text.compare(buffer[middle].key, key.name)
                if order == 0 { return buffer[middle].value }
                if order < 0 { low = middle + 1 } else { high = middle }
            }
            return nil
        }
    }

    /// The member count up to which a scan beats a binary search, measured
    /// with `allot-benchmarks expressions` on keys of typical length.
    static let linearLookupLimit = 16
}

extension AttributePath.MemberName {
    /// Returns whether `key` has the same bytes as this name.
    @inline(__always)
    func matches(_ key: String) -> Bool {
        isASCII ? UTF8Text.equal(key, asciiText: name) : UTF8Text.equal(key, name)
    }
}
