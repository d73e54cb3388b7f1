extension Array {
    /// Creates an array holding a copy of `elements` in storage sized for
    /// exactly their count.
    ///
    /// `Array(slice)` hands back the slice's own buffer, spare room and all,
    /// when the slice spans it. Records that live as long as a task or a
    /// worker use this to drop the room that growing by appending left.
    ///
    /// - Complexity: O(n) in the number of elements.
    init(exactCopyOf elements: ArraySlice<Element>) {
        self.init(unsafeUninitializedCapacity: elements.count) { buffer, initializedCount in
            elements.withUnsafeBufferPointer { source in
                guard let target = buffer.baseAddress, let start = source.baseAddress else { return }
                target.initialize(from: start, count: source.count)
            }
            initializedCount = elements.count
        }
    }

    /// Whether the storage has room for more elements than it contains.
    var hasSpareCapacity: Bool { capacity > count }
}
