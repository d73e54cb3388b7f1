/// An array stored as fixed-size chunks, each its own copy-on-write buffer.
///
/// A snapshot copies the engine's state under a shard lock and encodes the
/// copy later, so the live state and the copy share storage. With a plain
/// `Array`, the first write after the copy duplicates the whole buffer under
/// the lock. With a million tasks, the first task created after a capture
/// took about four seconds (`allot-benchmarks persistence`, 2-core AMD EPYC
/// VM). Here a write duplicates the list of chunk references and the one
/// chunk it touches.
struct ChunkedArray<Element>: RandomAccessCollection, MutableCollection {
    /// Elements per chunk as a power of two: 1,024 elements for elements of
    /// up to 64 bytes, and fewer for wider ones, so that a chunk stays under
    /// about 64 KiB. Copying a chunk after a snapshot is then a small part of
    /// a request, and so is the last doubling of a growing chunk. A chunk of
    /// 1,024 inline events, 730 KB, came from fresh pages of the allocator,
    /// and its first use stalled a request for about a millisecond.
    static var chunkShift: Int {
        switch MemoryLayout<Element>.stride {
        case ...64: 10
        case ...128: 9
        case ...256: 8
        case ...512: 7
        default: 6
        }
    }
    static var chunkCapacity: Int { 1 << chunkShift }
    private static var chunkMask: Int { chunkCapacity - 1 }

    /// Maximum capacity, in bytes, of an emptied last chunk that is kept for
    /// the next append. Heaps and free lists that swing between empty and one
    /// element would otherwise free and allocate a chunk on every swing, which
    /// cost several hundred instructions per swing under callgrind in the
    /// cycles benchmark of `allot-benchmarks engine`. A larger emptied chunk
    /// is freed, so a drained array returns its memory.
    static var maximumRetainedEmptyChunkBytes: Int { 256 }

    /// Every chunk but the last is full. The last is empty only when its
    /// capacity is within `maximumRetainedEmptyChunkBytes`.
    private var chunks: [[Element]] = []
    private(set) var count = 0

    init() {}

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    /// - Complexity: O(1); writes copy at most one chunk and the chunk list.
    subscript(position: Int) -> Element {
        // Yielding rather than returning lets a caller read one field of a
        // large element without copying, and so retaining, the whole element.
        _read {
            precondition(position >= 0 && position < count, "index \(position) outside 0..<\(count)")
            yield chunks[position >> Self.chunkShift][position & Self.chunkMask]
        }
        _modify {
            precondition(position >= 0 && position < count, "index \(position) outside 0..<\(count)")
            yield &chunks[position >> Self.chunkShift][position & Self.chunkMask]
        }
    }

    /// Calls `body` with the elements as one buffer when they fit in one
    /// chunk, copying that chunk first if a copy of the array shares it, or
    /// returns nil when there are several chunks or none.
    ///
    /// - Complexity: O(1) plus `body`; a shared chunk is copied once.
    mutating func withContiguousMutableStorageIfAvailable<Result>(
        _ body: (inout UnsafeMutableBufferPointer<Element>) throws -> Result
    ) rethrows -> Result? {
        guard chunks.count == 1 else { return nil }
        return try chunks[0].withUnsafeMutableBufferPointer(body)
    }

    /// Adds `element` at the end.
    ///
    /// - Complexity: O(1) amortized.
    mutating func append(_ element: Element) {
        let chunk = count >> Self.chunkShift
        if chunk == chunks.count {
            chunks.append([element])
        } else {
            chunks[chunk].append(element)
        }
        count += 1
    }

    /// Removes and returns the last element, which must exist.
    ///
    /// - Complexity: O(1).
    @discardableResult
    mutating func removeLast() -> Element {
        precondition(count > 0, "removeLast on an empty chunked array")
        count -= 1
        let chunk = count >> Self.chunkShift
        let element = chunks[chunk].removeLast()
        // Only the last chunk may be empty, so an empty chunk kept after this
        // one goes, and this one stays empty only when it is small.
        if chunks.count > chunk + 1 { chunks.removeLast() }
        if chunks[chunk].isEmpty, !Self.retainsEmpty(chunks[chunk]) { chunks.removeLast() }
        return element
    }

    /// Removes and returns the last element, or nil when empty.
    mutating func popLast() -> Element? {
        isEmpty ? nil : removeLast()
    }

    /// Removes every element and frees the chunks.
    mutating func removeAll() {
        chunks.removeAll()
        count = 0
    }

    /// The number of chunks allocated, including a retained empty one.
    var allocatedChunkCount: Int { chunks.count }

    private static func retainsEmpty(_ chunk: [Element]) -> Bool {
        chunk.capacity * MemoryLayout<Element>.stride <= maximumRetainedEmptyChunkBytes
    }

    /// Checks that every chunk but the last is full, that the last is empty
    /// only when small enough to keep, and that the count agrees.
    func checkInvariants() {
        var total = 0
        for (index, chunk) in chunks.enumerated() {
            precondition(!chunk.isEmpty || (index == chunks.count - 1 && Self.retainsEmpty(chunk)),
                         "chunk \(index) of \(chunks.count) is empty with capacity \(chunk.capacity)")
            if index < chunks.count - 1 {
                precondition(chunk.count == Self.chunkCapacity, "chunk \(index) holds \(chunk.count) of \(Self.chunkCapacity)")
            }
            total += chunk.count
        }
        precondition(total == count, "chunks hold \(total) elements, count is \(count)")
    }
}

extension ChunkedArray: Sendable where Element: Sendable {}

extension ChunkedArray {
    init(_ elements: some Sequence<Element>) {
        self.init()
        for element in elements { append(element) }
    }
}
