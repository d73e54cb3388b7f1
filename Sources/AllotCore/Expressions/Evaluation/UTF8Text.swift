/// Exact comparisons of strings by their UTF-8 bytes.
///
/// Expressions compare strings by code point, with no Unicode normalisation
/// and no case folding: "é" written as one scalar differs from "e" plus a
/// combining accent. UTF-8 byte order is code point order, so comparing bytes
/// gives that order. Swift's `==` and `<` on `String` compare canonical
/// equivalents as equal, so they are not used here.
///
/// Native and small strings expose contiguous UTF-8, so these functions
/// allocate nothing; other strings fall back to the UTF-8 view.
enum UTF8Text {
    /// Returns whether the two strings have the same bytes.
    ///
    /// Never inlined: its byte loop is large enough to stop the callers,
    /// the evaluator's hot loops, from being inlined themselves.
    @inline(never)
    static func equal(_ lhs: String, _ rhs: String) -> Bool {
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        let result = lhs.utf8.withContiguousStorageIfAvailable { left in
            rhs.utf8.withContiguousStorageIfAvailable { right in
                bytesEqual(left, right)
            }
        }
        if let result, let result { return result }
        return lhs.utf8.elementsEqual(rhs.utf8)
    }

    /// Returns whether `text` has the same bytes as `asciiText`, which must be
    /// all ASCII. Faster than `equal(_:_:)` because it can use `String ==`.
    ///
    /// `==` compares canonical equivalents as equal, but with an ASCII side
    /// and equal byte counts it cannot be fooled. Canonical decomposition
    /// maps a non-ASCII scalar to ASCII only as a singleton (U+212A KELVIN
    /// SIGN to "K", for example), which shortens the UTF-8 by at least one
    /// byte, and every other decomposition keeps a non-ASCII mark. So a
    /// string equivalent to an ASCII string of the same byte count is that
    /// string.
    @inline(__always)
    static func equal(_ text: String, asciiText: String) -> Bool {
        text.utf8.count == asciiText.utf8.count && text == asciiText
    }

    /// Returns a negative number, zero or a positive number as `lhs` orders
    /// before, equal to or after `rhs` by code point.
    static func compare(_ lhs: String, _ rhs: String) -> Int {
        let result = lhs.utf8.withContiguousStorageIfAvailable { left in
            rhs.utf8.withContiguousStorageIfAvailable { right in
                compareBytes(left, right)
            }
        }
        if let result, let result { return result }
        if lhs.utf8.elementsEqual(rhs.utf8) { return 0 }
        return lhs.utf8.lexicographicallyPrecedes(rhs.utf8) ? -1 : 1
    }

    /// Returns whether `haystack` contains `needle` as a run of bytes. Every string
    /// contains the empty string.
    ///
    /// - Complexity: O(n × m) for needles of up to `shortNeedleBytes`
    ///   bytes, and O(n + m) for longer ones, which allocate a table.
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        let result = haystack.utf8.withContiguousStorageIfAvailable { outer in
            needle.utf8.withContiguousStorageIfAvailable { inner in
                containsBytes(outer, inner)
            }
        }
        if let result, let result { return result }
        return containsBytes(Array(haystack.utf8), Array(needle.utf8))
    }
}

extension UTF8Text {
    @inline(__always)
    static func bytesEqual(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        guard let left = lhs.baseAddress, let right = rhs.baseAddress else { return true }
        let count = lhs.count
        var offset = 0
        // Eight bytes at a time, then the tail one byte at a time.
        while offset + 8 <= count {
            let leftWord = UnsafeRawPointer(left).loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            let rightWord = UnsafeRawPointer(right).loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            if leftWord != rightWord { return false }
            offset += 8
        }
        while offset < count {
            if left[offset] != right[offset] { return false }
            offset += 1
        }
        return true
    }

    static func compareBytes(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(lhs.count, rhs.count)
        for offset in 0..<common where lhs[offset] != rhs[offset] {
            return lhs[offset] < rhs[offset] ? -1 : 1
        }
        return lhs.count == rhs.count ? 0 : (lhs.count < rhs.count ? -1 : 1)
    }

    /// The needle length up to which `containsBytes` compares at every
    /// start. Longer needles use a search whose time is linear in the two
    /// lengths, so that a long needle against a long attribute cannot cost
    /// the product of their lengths on every evaluation.
    static let shortNeedleBytes = 16

    static func containsBytes<Bytes: RandomAccessCollection<UInt8>>(_ haystack: Bytes, _ needle: Bytes) -> Bool
    where Bytes.Index == Int {
        guard let first = needle.first else { return true }
        guard needle.count <= haystack.count else { return false }
        if needle.count > shortNeedleBytes {
            return linearSearch(haystack, needle)
        }
        // At most shortNeedleBytes comparisons per start.
        let lastStart = haystack.startIndex + (haystack.count - needle.count)
        var start = haystack.startIndex
        while start <= lastStart {
            if haystack[start] == first,
               haystack[(start + 1)..<(start + needle.count)].elementsEqual(needle.dropFirst()) {
                return true
            }
            start += 1
        }
        return false
    }

    /// Knuth–Morris–Pratt search: O(n + m) time, and O(m) memory for the
    /// table of the longest proper prefix of the needle that is also a
    /// suffix of each of its prefixes.
    private static func linearSearch<Bytes: RandomAccessCollection<UInt8>>(_ haystack: Bytes, _ needle: Bytes) -> Bool
    where Bytes.Index == Int {
        let pattern = Array(needle)
        var border = [Int](repeating: 0, count: pattern.count)
        var length = 0
        for position in 1..<pattern.count {
            while length > 0 && pattern[position] != pattern[length] { length = border[length - 1] }
            if pattern[position] == pattern[length] { length += 1 }
            border[position] = length
        }
        var matched = 0
        for byte in haystack {
            while matched > 0 && byte != pattern[matched] { matched = border[matched - 1] }
            if byte == pattern[matched] { matched += 1 }
            if matched == pattern.count { return true }
        }
        return false
    }
}
