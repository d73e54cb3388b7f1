/// Replaces the `queue` values of a TaskRouter routing document, which may
/// be queue friendly names, by queue SIDs, as the server accepts only SIDs.
/// `allot apply` and `allot workflow create` and `update` use it.
struct QueueNameResolver {
    /// A `queue` value that names no queue.
    struct Problem {
        /// The JSON path of the value.
        var path: String
        /// The value as written, such as "${task_queues.en}" or "Tier1".
        var reference: String
        /// The friendly name looked up: `reference` after substitution.
        var name: String
        /// True when `reference` is a "${...}" string with no substitution.
        var unsubstituted: Bool
        /// Set instead of a queue problem when the document nests too deep.
        var tooDeep = false
    }

    /// Queue SIDs by friendly name.
    var queueSIDs: [String: String]
    /// Strings replaced before names are looked up, such as
    /// "${task_queues.khp_en}" to "KHP English".
    var substitutions: [String: String] = [:]

    /// Nesting levels of a routing document walked at most; TaskRouter
    /// documents nest about six levels deep.
    static let maximumDocumentDepth = 64

    /// Returns `value` with each "queue" string replaced: first through
    /// `substitutions`, then a friendly name by the queue's SID. SIDs stay,
    /// and a name that matches no queue stays as written and is added to `problems`.
    func resolve(_ value: Any, path: String, problems: inout [Problem], depth: Int = 0) -> Any {
        guard depth < Self.maximumDocumentDepth else {
            problems.append(Problem(path: path, reference: "", name: "", unsubstituted: false, tooDeep: true))
            return value
        }
        if let array = value as? [Any] {
            return array.enumerated().map { index, element in
                resolve(element, path: "\(path)[\(index)]", problems: &problems, depth: depth + 1)
            }
        }
        guard var object = value as? [String: Any] else { return value }
        for key in object.keys.sorted() {
            guard let member = object[key] else { continue }
            if key == "queue", let reference = member as? String {
                object[key] = queueSID(reference, path: "\(path).queue", problems: &problems)
            } else {
                object[key] = resolve(member, path: "\(path).\(key)", problems: &problems, depth: depth + 1)
            }
        }
        return object
    }

    private func queueSID(_ reference: String, path: String, problems: inout [Problem]) -> String {
        let name = substitutions[reference] ?? reference
        // Any 34-character WQ string passes as a SID, so that a document's own SIDs reach the server, which checks them.
        if name.hasPrefix("WQ") && name.count == 34 { return name }
        if let sid = queueSIDs[name] { return sid }
        let unsubstituted = reference.hasPrefix("${") && substitutions[reference] == nil
        problems.append(Problem(path: path, reference: reference, name: name, unsubstituted: unsubstituted))
        return reference
    }
}
