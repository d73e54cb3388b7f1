/// Objects: ordering members by key and dropping duplicate keys.
extension AttributeParser {
    /// The position in the input of a key written without escapes. Its
    /// bytes there are exactly the key's UTF-8, so keys can be compared in
    /// place, without going through `String`.
    struct KeySource {
        var start: Int
        var count: Int
    }

    /// A member of an object still being parsed.
    struct OpenMember {
        var key: String
        var value: AttributeValue
        /// Nil when the key contains escapes.
        var keySource: KeySource?
    }

    /// A member's key as the sort reads it: its first eight bytes, in order
    /// from the most significant and padded with zeros, then its bytes in
    /// the input when the first eight tie.
    ///
    /// The padding orders a shorter key first, as `compareKeys` does,
    /// because a key without escapes contains no byte below 0x20.
    ///
    /// It is 16 bytes, so that the insertion sort moves little.
    private struct SortKey {
        var prefix: UInt64
        /// The member's index among the object's open members, fewer than
        /// `AttributeObject.insertionSortLimit` + 1, so `Int32` is ample.
        var memberIndex: Int32
        /// Whether the member is the last of its key, and so kept.
        var isKept = true
    }

    /// Moves the members from `base` to the top of `openMembers` into an
    /// object, sorted by key, keeping the last member of each duplicate key.
    ///
    /// Objects of up to `AttributeObject.insertionSortLimit` members whose
    /// keys have no escapes are sorted here by comparing the keys' bytes in
    /// the input. Others go to `AttributeObject.init`, which gives the same
    /// result.
    mutating func closeObject(from base: Int) -> AttributeObject {
        let bytes = bytes
        return openMembers.removeAll(from: base) { members in
            let isFastPath = members.count <= AttributeObject.insertionSortLimit
                && members.allSatisfy { $0.keySource != nil }
            guard isFastPath, let source = members.baseAddress else {
                return AttributeObject(Self.moveOutMembers(members))
            }
            return withUnsafeTemporaryAllocation(of: SortKey.self, capacity: members.count) { sortKeys in
                for index in members.indices {
                    guard let keySource = members[index].keySource else { preconditionFailure("checked above") }
                    sortKeys.initializeElement(
                        at: index,
                        to: SortKey(prefix: Self.keyPrefix(keySource, in: bytes), memberIndex: Int32(index))
                    )
                }
                Self.sortStably(sortKeys, members: members, in: bytes)
                var keptCount = members.count
                for index in sortKeys.indices.dropLast()
                where Self.compare(sortKeys[index], sortKeys[index + 1], members: members, in: bytes) == 0 {
                    sortKeys[index].isKept = false
                    keptCount -= 1
                }
                let sorted = [(key: String, value: AttributeValue)](unsafeUninitializedCapacity: keptCount) { target, initializedCount in
                    initializedCount = 0
                    guard let destination = target.baseAddress else { return }
                    for sortKey in sortKeys {
                        // Moving out a member that is not kept destroys it.
                        let member = (source + Int(sortKey.memberIndex)).move()
                        if sortKey.isKept {
                            (destination + initializedCount).initialize(to: (key: member.key, value: member.value))
                            initializedCount += 1
                        }
                    }
                }
                return AttributeObject(sortedUniqueMembers: sorted)
            }
        }
    }

    /// Sorts by key, keeping the input order of equal keys, so that the last
    /// of them is the one to keep.
    ///
    /// - Complexity: O(n²) in the number of members, which the caller bounds
    ///   by `AttributeObject.insertionSortLimit`.
    private static func sortStably(
        _ sortKeys: UnsafeMutableBufferPointer<SortKey>,
        members: UnsafeMutableBufferPointer<OpenMember>,
        in bytes: UnsafeBufferPointer<UInt8>
    ) {
        for index in sortKeys.indices.dropFirst() {
            var position = index
            while position > 0, compare(sortKeys[position - 1], sortKeys[position], members: members, in: bytes) > 0 {
                sortKeys.swapAt(position - 1, position)
                position -= 1
            }
        }
    }

    @inline(__always)
    private static func compare(
        _ lhs: SortKey,
        _ rhs: SortKey,
        members: UnsafeMutableBufferPointer<OpenMember>,
        in bytes: UnsafeBufferPointer<UInt8>
    ) -> Int {
        if lhs.prefix != rhs.prefix {
            return lhs.prefix < rhs.prefix ? -1 : 1
        }
        guard let left = members[Int(lhs.memberIndex)].keySource, let right = members[Int(rhs.memberIndex)].keySource else {
            preconditionFailure("only keys without escapes are sorted by their source")
        }
        // Equal prefixes of keys of at most eight bytes are equal keys,
        // because the padding differs from every byte a longer key has there.
        if left.count <= 8, right.count <= 8 {
            return 0
        }
        return compareKeySources(left, right, in: bytes)
    }

    /// Returns the first eight bytes of the key at `source` as a big-endian
    /// number, padded with zeros.
    @inline(__always)
    private static func keyPrefix(_ source: KeySource, in bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let length = min(8, source.count)
        if bytes.count - source.start >= 8, let base = bytes.baseAddress {
            let word = UInt64(bigEndian: UnsafeRawPointer(base + source.start).loadUnaligned(as: UInt64.self))
            return length == 8 ? word : word & ~(UInt64.max >> (8 * length))
        }
        var prefix: UInt64 = 0
        for index in 0..<length {
            prefix |= UInt64(bytes[source.start + index]) << (56 - 8 * index)
        }
        return prefix
    }

    /// Orders two keys by their bytes in the input, as
    /// `AttributeObject.compareKeys` orders the keys themselves.
    private static func compareKeySources(_ left: KeySource, _ right: KeySource, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        for index in 0..<min(left.count, right.count) {
            let leftByte = bytes[left.start + index]
            let rightByte = bytes[right.start + index]
            if leftByte != rightByte {
                return leftByte < rightByte ? -1 : 1
            }
        }
        if left.count == right.count { return 0 }
        return left.count < right.count ? -1 : 1
    }

    /// Moves every member out of `members` into a new array, in order.
    private static func moveOutMembers(_ members: UnsafeMutableBufferPointer<OpenMember>) -> [(key: String, value: AttributeValue)] {
        Array(unsafeUninitializedCapacity: members.count) { target, initializedCount in
            initializedCount = 0
            guard let source = members.baseAddress, let destination = target.baseAddress else { return }
            for index in members.indices {
                let member = (source + index).move()
                (destination + index).initialize(to: (key: member.key, value: member.value))
                initializedCount += 1
            }
        }
    }
}
