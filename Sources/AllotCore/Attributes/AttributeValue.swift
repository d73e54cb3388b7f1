/// A JSON value as stored for worker and task attributes.
///
/// Attribute documents are parsed once, when they arrive, and expressions
/// evaluate against this form, never against the JSON text.
public enum AttributeValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// JSON numbers are held as `Double`; integers above 2^53 lose precision.
    case number(Double)
    case string(String)
    case array([AttributeValue])
    case object(AttributeObject)
}

/// A JSON object whose members are sorted by key, so that lookup is a binary
/// search with no hashing.
///
/// Duplicate keys in the source text keep the last value, as most JSON
/// parsers do.
public struct AttributeObject: Sendable, Hashable {
    /// Members in ascending order of key, compared by UTF-8 bytes.
    public private(set) var members: [(key: String, value: AttributeValue)]

    /// Creates an object from members in any order.
    ///
    /// - Complexity: O(n) when the members are already in strictly ascending
    ///   key order, as in written JSON. Otherwise O(n²) for up to
    ///   `insertionSortLimit` members and O(n log n) above it.
    public init(_ unsortedMembers: [(key: String, value: AttributeValue)]) {
        if AttributeObject.isStrictlyAscending(unsortedMembers) {
            members = unsortedMembers
            return
        }
        // A stable sort keeps the source order among equal keys, so the last
        // duplicate wins below.
        var sorted = unsortedMembers
        if sorted.count <= AttributeObject.insertionSortLimit {
            AttributeObject.insertionSort(&sorted)
        } else {
            sorted = sorted.enumerated()
                .sorted { lhs, rhs in
                    let order = AttributeObject.compareKeys(lhs.element.key, rhs.element.key)
                    return order != 0 ? order < 0 : lhs.offset < rhs.offset
                }
                .map(\.element)
        }
        if AttributeObject.isStrictlyAscending(sorted) {
            members = sorted
            return
        }
        var unique: [(key: String, value: AttributeValue)] = []
        unique.reserveCapacity(sorted.count)
        for member in sorted {
            if let last = unique.last, AttributeObject.compareKeys(last.key, member.key) == 0 {
                unique[unique.count - 1] = member
            } else {
                unique.append(member)
            }
        }
        members = unique
    }

    /// Creates an object from members already in strictly ascending key
    /// order, as the parser sorts them.
    init(sortedUniqueMembers members: [(key: String, value: AttributeValue)]) {
        assert(AttributeObject.isStrictlyAscending(members), "members are not in strictly ascending key order")
        self.members = members
    }

    /// The member count up to which `init` sorts by insertion, in place and
    /// without the extra arrays of the general stable sort. Attribute
    /// objects are usually this small.
    static let insertionSortLimit = 16

    /// Sorts members by key, keeping the order of equal keys.
    private static func insertionSort(_ members: inout [(key: String, value: AttributeValue)]) {
        members.withUnsafeMutableBufferPointer { buffer in
            for index in buffer.indices.dropFirst() {
                var position = index
                while position > 0, compareKeys(buffer[position - 1].key, buffer[position].key) > 0 {
                    buffer.swapAt(position - 1, position)
                    position -= 1
                }
            }
        }
    }

    /// The number of members.
    public var count: Int { members.count }

    /// Returns the value stored under `key`, or nil when the key is absent.
    ///
    /// - Complexity: O(log n) in the number of members.
    public subscript(key: String) -> AttributeValue? {
        var low = 0
        var high = members.count
        while low < high {
            let middle = (low + high) / 2
            let order = AttributeObject.compareKeys(members[middle].key, key)
            if order == 0 { return members[middle].value }
            if order < 0 { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    private static func isStrictlyAscending(_ members: [(key: String, value: AttributeValue)]) -> Bool {
        for index in members.indices.dropFirst()
        where compareKeys(members[index - 1].key, members[index].key) >= 0 {
            return false
        }
        return true
    }

    /// Orders two keys by their UTF-8 bytes, which is code point order.
    /// Unlike `==` on strings, it does not treat canonically equivalent
    /// spellings (such as "é" and "e" followed by U+0301) as equal, because
    /// JSON keys are compared by code point.
    static func compareKeys(_ lhs: String, _ rhs: String) -> Int {
        let order = lhs.utf8.withContiguousStorageIfAvailable { leftBytes in
            rhs.utf8.withContiguousStorageIfAvailable { rightBytes in
                compareBytes(leftBytes, rightBytes)
            }
        }
        if let order = order ?? nil {
            return order
        }
        // Only strings bridged from Objective-C lack contiguous UTF-8 storage.
        if lhs.utf8.elementsEqual(rhs.utf8) { return 0 }
        return lhs.utf8.lexicographicallyPrecedes(rhs.utf8) ? -1 : 1
    }

    private static func compareBytes(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Int {
        for index in 0..<min(left.count, right.count) where left[index] != right[index] {
            return left[index] < right[index] ? -1 : 1
        }
        if left.count == right.count { return 0 }
        return left.count < right.count ? -1 : 1
    }

    public static func == (lhs: AttributeObject, rhs: AttributeObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for (left, right) in zip(lhs.members, rhs.members) where left.key != right.key || left.value != right.value {
            return false
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(members.count)
        for member in members {
            hasher.combine(member.key)
            hasher.combine(member.value)
        }
    }
}

extension AttributeValue {
    /// The empty object, the default attributes of workers and tasks.
    public static let emptyObject = AttributeValue.object(AttributeObject([]))

    /// Returns the member named `key` when this value is an object.
    public subscript(key: String) -> AttributeValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }
}
