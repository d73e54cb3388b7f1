/// A stack of the members or elements of the arrays and objects being
/// parsed, innermost last.
///
/// Values are moved in and out, never copied. A Swift array would copy each
/// value into the finished array and then destroy the original, which cost a
/// retain and a release per value. The type is noncopyable so that `deinit`
/// can destroy the values still open when parsing throws.
struct AttributeParseStack<Element>: ~Copyable {
    private var storage: UnsafeMutablePointer<Element>?
    private(set) var count = 0
    private var capacity = 0
    /// False while the storage is the caller's first buffer, which the stack
    /// must not deallocate.
    private var ownsStorage = false

    /// The capacity at the first push, enough for a usual attribute
    /// document. Each later growth doubles it. The document's length bounds
    /// the number of open values, and so the capacity.
    static var initialCapacity: Int { 16 }

    init() {}

    /// Creates a stack whose first values go into `initialStorage`, such as
    /// a temporary allocation on the call stack, which must outlive the stack.
    init(initialStorage: UnsafeMutableBufferPointer<Element>) {
        storage = initialStorage.baseAddress
        capacity = initialStorage.count
    }

    deinit {
        if let storage {
            storage.deinitialize(count: count)
            if ownsStorage {
                storage.deallocate()
            }
        }
    }

    /// - Complexity: O(1) amortized.
    mutating func push(_ element: consuming Element) {
        if count == capacity {
            grow()
        }
        guard let storage else { preconditionFailure("grow() allocates storage") }
        (storage + count).initialize(to: element)
        count += 1
    }

    /// Calls `body` with the values from `base` to the top, in push order,
    /// which `body` may reorder. `body` must move out or deinitialize every
    /// one of them, because the stack no longer counts them when it returns.
    mutating func removeAll<Result>(
        from base: Int,
        _ body: (UnsafeMutableBufferPointer<Element>) -> Result
    ) -> Result {
        precondition(base >= 0 && base <= count, "base \(base) is outside the stack of \(count) values")
        let values = UnsafeMutableBufferPointer(start: storage.map { $0 + base }, count: count - base)
        count = base
        return body(values)
    }

    /// Moves the values from `base` to the top into an array of exactly their
    /// count, in push order.
    ///
    /// - Complexity: O(n) in the number of values moved.
    mutating func removeAllIntoArray(from base: Int) -> [Element] {
        removeAll(from: base) { values in
            Array(unsafeUninitializedCapacity: values.count) { target, initializedCount in
                if let source = values.baseAddress, let destination = target.baseAddress {
                    destination.moveInitialize(from: source, count: values.count)
                }
                initializedCount = values.count
            }
        }
    }

    private mutating func grow() {
        let newCapacity = max(Self.initialCapacity, capacity * 2)
        let newStorage = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        if let storage {
            newStorage.moveInitialize(from: storage, count: count)
            if ownsStorage {
                storage.deallocate()
            }
        }
        storage = newStorage
        capacity = newCapacity
        ownsStorage = true
    }
}
