/// A scalar as the attribute index files it.
///
/// Numbers and strings that read fully as numbers share the number bucket,
/// because expressions compare a number with a numeric string numerically.
/// The index only proposes candidates; every candidate is still checked by
/// evaluating the expression, so a coarse bucket costs time, never results.
enum IndexScalar: Hashable, Sendable {
    case string(String)
    case number(Double)
    case bool(Bool)

    init?(_ value: AttributeValue) {
        switch value {
        case .string(let text):
            if let number = Double(text), number.isFinite { self = .number(number) } else { self = .string(text) }
        case .number(let number): self = .number(number)
        case .bool(let flag): self = .bool(flag)
        case .null, .array, .object: return nil
        }
    }
}

/// One posting list's key: an attribute path, a scalar, and whether the
/// scalar is the value at the path or an element of an array at the path.
struct AttributeIndexKey: Hashable, Sendable {
    /// Member names joined by U+0000, which cannot occur in an expression key.
    var path: String
    var value: IndexScalar
    var isArrayElement: Bool
}

/// Worker handles by (attribute path, scalar value): the posting lists
/// through which queue membership and target expressions find candidates
/// without scanning every worker.
struct WorkerAttributeIndex: Sendable {
    private(set) var postings: [AttributeIndexKey: Set<WorkerHandle>] = [:]

    /// Bound on the number of keys filed per worker. An attributes document of
    /// 4,096 bytes cannot hold more scalars than this.
    static let maximumKeysPerWorker = 4_096

    /// Returns the keys under which `attributes` are filed: every scalar
    /// reached through object members only, and every scalar element of an
    /// array reached that way. Paths through array indexes are not indexed.
    ///
    /// - Complexity: O(size of the document).
    static func keys(for attributes: AttributeValue) -> [AttributeIndexKey] {
        var keys: [AttributeIndexKey] = []
        collectKeys(attributes, path: nil, depth: 0, into: &keys)
        return keys
    }

    private static func collectKeys(_ value: AttributeValue, path: String?, depth: Int,
                                    into keys: inout [AttributeIndexKey]) {
        guard depth <= Limits.maximumAttributesDepth, keys.count < maximumKeysPerWorker else { return }
        switch value {
        case .object(let object):
            for member in object.members {
                let childPath = path.map { $0 + "\u{0}" + member.key } ?? member.key
                collectKeys(member.value, path: childPath, depth: depth + 1, into: &keys)
            }
        case .array(let elements):
            guard let path else { return }
            for element in elements {
                if let scalar = IndexScalar(element), keys.count < maximumKeysPerWorker {
                    keys.append(AttributeIndexKey(path: path, value: scalar, isArrayElement: true))
                }
            }
        default:
            guard let path, let scalar = IndexScalar(value) else { return }
            keys.append(AttributeIndexKey(path: path, value: scalar, isArrayElement: false))
        }
    }

    /// Files `worker` under `keys`.
    ///
    /// - Complexity: O(k) expected for k keys.
    mutating func insert(_ worker: WorkerHandle, keys: [AttributeIndexKey]) {
        for key in keys {
            postings[key, default: []].insert(worker)
        }
    }

    /// Removes `worker` from the posting lists of `keys`.
    ///
    /// - Complexity: O(k) expected for k keys.
    mutating func remove(_ worker: WorkerHandle, keys: [AttributeIndexKey]) {
        for key in keys {
            postings[key]?.remove(worker)
            if postings[key]?.isEmpty == true { postings[key] = nil }
        }
    }

    /// Returns the workers filed under `key`.
    ///
    /// - Complexity: O(1) expected.
    func workers(_ key: AttributeIndexKey) -> Set<WorkerHandle> {
        postings[key] ?? []
    }

    /// Checks that the posting lists hold exactly the keys of each worker.
    func checkInvariants(workers: ResourceTable<WorkerRecord>) {
        var expectedEntryCount = 0
        for handle in workers.handles {
            let worker = workers[handle]
            let keys = WorkerAttributeIndex.keys(for: worker.attributes)
            for key in Set(keys) {
                precondition(postings[key]?.contains(handle) == true, "worker \(worker.sid) missing from a posting list")
            }
            expectedEntryCount += Set(keys).count
        }
        let entryCount = postings.values.reduce(0) { $0 + $1.count }
        precondition(entryCount == expectedEntryCount, "posting lists hold \(entryCount) entries, expected \(expectedEntryCount)")
    }
}
