/// Fixed lowercase ASCII names, each naming a value, that client text
/// matches in any letter case.
///
/// `value(named:)` returns what `names.first { $0 == text.lowercased() }`
/// would. For ASCII text, which is every valid request, it compares bytes
/// with A-Z folded to a-z and allocates nothing. Lowercasing the text first
/// allocated a string and then matched it through the generic string switch
/// of a `RawRepresentable` initializer, which cost about 600 instructions
/// per status change under callgrind.
struct LowercaseNames<Value: Sendable>: Sendable {
    private let entries: [(name: [UInt8], value: Value)]

    /// Creates the table. Every name must be lowercase ASCII, because only
    /// then does comparing folded bytes agree with comparing strings.
    init(_ pairs: some Sequence<(String, Value)>) {
        entries = pairs.map { name, value in
            precondition(name.utf8.allSatisfy { $0 < 0x80 && !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) },
                         "name \(name) is not lowercase ASCII")
            return (Array(name.utf8), value)
        }
    }

    /// Returns the value of the first name equal to `text.lowercased()`, or nil.
    ///
    /// - Complexity: O(n × m) for n names of at most m bytes.
    func value(named text: String) -> Value? {
        let asciiResult = text.utf8.withContiguousStorageIfAvailable { bytes -> ASCIIResult in
            // Non-ASCII text takes the general path below, because Unicode
            // lowercasing and string equality go beyond folding A-Z.
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return .notASCII }
            return .matched(firstEntry(matchingASCII: bytes))
        }
        if case .matched(let value) = asciiResult { return value }
        let lowered = text.lowercased()
        return entries.first { String(decoding: $0.name, as: UTF8.self) == lowered }?.value
    }

    /// The outcome of the byte comparison, which applies to ASCII text only.
    private enum ASCIIResult {
        case matched(Value?)
        case notASCII
    }

    private func firstEntry(matchingASCII bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        for entry in entries where entry.name.count == bytes.count {
            var index = 0
            while index < bytes.count, Self.folded(bytes[index]) == entry.name[index] { index += 1 }
            if index == bytes.count { return entry.value }
        }
        return nil
    }

    /// Returns an ASCII byte with A-Z mapped to a-z.
    private static func folded(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }
}
