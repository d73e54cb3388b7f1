/// The elements of an array literal, prepared for `IN`, `NOT IN` and `HAS`
/// tests against a value that varies.
///
/// Membership follows scalar equality (see `ValueComparison`): strings by
/// code point, numbers by value, booleans by value, and a number matches a
/// string that spells it. Literals with at least `hashingThreshold`
/// elements are looked up through hash sets; smaller ones are scanned,
/// which is faster at that size.
struct ConstantSet: Sendable {
    /// The literal's elements in source order.
    let elements: [AttributeValue]
    /// The scalar elements, prepared for comparison; a null element equals
    /// nothing, so it is left out.
    private let scalars: ContiguousArray<ConstantScalar>
    private let index: Index?

    /// The element count from which hashing beats a linear scan.
    static let hashingThreshold = 8

    /// Hash sets over the elements.
    private struct Index: Sendable {
        /// The string elements.
        var strings: Set<ExactString> = []
        /// The number elements.
        var numbers: Set<Double> = []
        /// The numbers that string elements spell, which a number input matches.
        var spelledNumbers: Set<Double> = []
        var hasTrue = false
        var hasFalse = false
    }

    init(_ elements: [AttributeValue]) {
        self.elements = elements
        self.scalars = ContiguousArray(elements.compactMap(ConstantScalar.init))
        guard elements.count >= Self.hashingThreshold else {
            index = nil
            return
        }
        var index = Index()
        for element in elements {
            switch element {
            case .string(let text):
                index.strings.insert(ExactString(text))
                if let number = NumericText.number(from: text) { index.spelledNumbers.insert(number) }
            case .number(let number): index.numbers.insert(number)
            case .bool(true): index.hasTrue = true
            case .bool(false): index.hasFalse = true
            case .null, .array, .object: break
            }
        }
        self.index = index
    }

    /// Returns whether an element equals `value`; false when `value` is null, an
    /// array or an object.
    @inline(__always)
    func contains(_ value: AttributeValue) -> Bool {
        guard let index else {
            return scalars.withUnsafeBufferPointer { buffer in
                for position in buffer.indices where ValueComparison.scalarEquals(value, buffer[position]) {
                    return true
                }
                return false
            }
        }
        switch value {
        case .string(let text):
            if index.strings.contains(ExactString(text)) { return true }
            guard !index.numbers.isEmpty, let number = NumericText.number(from: text) else { return false }
            return index.numbers.contains(number)
        case .number(let number):
            return index.numbers.contains(number) || index.spelledNumbers.contains(number)
        case .bool(let flag):
            return flag ? index.hasTrue : index.hasFalse
        case .null, .array, .object:
            return false
        }
    }
}

/// A string that hashes and compares by its UTF-8 bytes, for exact lookups.
struct ExactString: Hashable, Sendable {
    let text: String

    init(_ text: String) {
        self.text = text
    }

    static func == (lhs: ExactString, rhs: ExactString) -> Bool {
        UTF8Text.equal(lhs.text, rhs.text)
    }

    func hash(into hasher: inout Hasher) {
        let hashed: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        }
        if hashed == nil {
            Array(text.utf8).withUnsafeBytes { hasher.combine(bytes: $0) }
        }
        hasher.combine(text.utf8.count)
    }
}
