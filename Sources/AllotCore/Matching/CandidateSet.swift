/// A superset of the workers that can satisfy an expression, or `all` when
/// the index cannot narrow it.
enum CandidateSet: Sendable, Equatable {
    case all
    case some(Set<WorkerHandle>)

    func intersection(_ other: CandidateSet) -> CandidateSet {
        switch (self, other) {
        case (.all, _): other
        case (_, .all): self
        case (.some(let left), .some(let right)):
            .some(left.count <= right.count ? left.intersection(right) : right.intersection(left))
        }
    }

    func union(_ other: CandidateSet) -> CandidateSet {
        switch (self, other) {
        case (.some(let left), .some(let right)): .some(left.union(right))
        default: .all
        }
    }
}

/// Derives candidate sets from an expression tree through the attribute index.
///
/// Shapes served by posting lists: `attr == c`, `attr HAS c`, `c IN attr`,
/// `attr IN [c, ...]`, and in target expressions `task.x == worker.y`,
/// `task.x IN worker.y`, `worker.y HAS task.x`, `worker.y IN task.x`,
/// `task.x HAS worker.y`, each with the task side resolved first; AND
/// intersects, OR unites, the empty expression gives no candidates.
/// Every other comparison (ordering, `!=`, `NOT IN`, `CONTAINS`, null tests,
/// system and channel fields, paths with array indexes, constants such as
/// `1==1`) gives `all`, which makes the caller walk every worker in the
/// relevant set: O(workers) evaluations.
struct CandidatePlanner {
    let index: WorkerAttributeIndex
    /// Task attributes for target expressions; nil for worker-only expressions.
    let taskAttributes: AttributeValue?

    func candidates(_ node: ExpressionNode) -> CandidateSet {
        switch node {
        case .never:
            return .some([])
        case .and(let children):
            var result = CandidateSet.all
            for child in children {
                result = result.intersection(candidates(child))
                if case .some(let set) = result, set.isEmpty { return result }
            }
            return result
        case .or(let children):
            var result = CandidateSet.some([])
            for child in children {
                result = result.union(candidates(child))
                if result == .all { return .all }
            }
            return result
        case .comparison(let left, let comparison, let right):
            return candidates(left, comparison, right)
        }
    }

    private func candidates(_ left: Operand, _ comparison: ComparisonOperator, _ right: Operand) -> CandidateSet {
        switch comparison {
        case .equal:
            if let path = workerPath(left), let value = resolvedScalar(right) { return scalarPostings(path, [value]) }
            if let path = workerPath(right), let value = resolvedScalar(left) { return scalarPostings(path, [value]) }
        case .has:
            if let path = workerPath(left), let value = resolvedScalar(right) { return arrayPostings(path, value) }
            if let path = workerPath(right), let elements = resolvedArray(left) { return scalarPostings(path, elements) }
        case .in:
            if let path = workerPath(right), let value = resolvedScalar(left) { return arrayPostings(path, value) }
            if let path = workerPath(left), let elements = resolvedArray(right) { return scalarPostings(path, elements) }
        default:
            break
        }
        return .all
    }

    /// Returns the index path of a worker attribute key made of member names only.
    private func workerPath(_ operand: Operand) -> String? {
        guard case .key(.worker, let components) = operand, !components.isEmpty else { return nil }
        var names: [String] = []
        for component in components {
            guard case .member(let name) = component else { return nil }
            names.append(name)
        }
        return names.joined(separator: "\u{0}")
    }

    /// Returns the value of a constant or of a task key, when the task is known.
    private func resolvedValue(_ operand: Operand) -> AttributeValue? {
        switch operand {
        case .constant(let value):
            return value
        case .key(.task, let components):
            guard let taskAttributes else { return nil }
            var value = taskAttributes
            for component in components {
                switch component {
                case .member(let name):
                    guard let next = value[name] else { return nil }
                    value = next
                case .index(let position):
                    guard case .array(let elements) = value, position >= 0, position < elements.count else { return nil }
                    value = elements[position]
                }
            }
            return value
        default:
            return nil
        }
    }

    private func resolvedScalar(_ operand: Operand) -> IndexScalar? {
        resolvedValue(operand).flatMap(IndexScalar.init)
    }

    private func resolvedArray(_ operand: Operand) -> [IndexScalar]? {
        guard case .array(let elements) = resolvedValue(operand) else { return nil }
        var scalars: [IndexScalar] = []
        for element in elements {
            // A non-scalar element could compare in ways the index does not
            // model, so give up narrowing rather than miss a worker.
            guard let scalar = IndexScalar(element) else { return nil }
            scalars.append(scalar)
        }
        return scalars
    }

    private func scalarPostings(_ path: String, _ values: [IndexScalar]) -> CandidateSet {
        var result = Set<WorkerHandle>()
        for value in values {
            result.formUnion(index.workers(AttributeIndexKey(path: path, value: value, isArrayElement: false)))
        }
        return .some(result)
    }

    private func arrayPostings(_ path: String, _ value: IndexScalar) -> CandidateSet {
        .some(index.workers(AttributeIndexKey(path: path, value: value, isArrayElement: true)))
    }
}
