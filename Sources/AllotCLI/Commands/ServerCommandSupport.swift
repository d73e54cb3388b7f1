import AllotClient

/// Helpers shared by the commands that talk to allot-server.
enum ServerCommandSupport {
    /// Returns the value of a required option.
    static func required(_ arguments: ParsedArguments, _ name: String, command: String) throws(CommandFailure) -> String {
        guard let value = arguments.value(name), !value.isEmpty else {
            throw CommandFailure(message: "\(OptionSpecification.dashed(name)) is required; run 'allot \(command) --help' for usage")
        }
        return value
    }

    /// Returns the verb (first operand) and the rest of the operands.
    static func verb(_ arguments: ParsedArguments, allowed: [String], command: String) throws(CommandFailure) -> (verb: String, operands: [String]) {
        guard let verb = arguments.operands.first else {
            throw CommandFailure(message: "missing action; expected one of \(allowed.joined(separator: ", ")), for example 'allot \(command) \(allowed[0])'")
        }
        guard allowed.contains(verb) else {
            throw CommandFailure(message: "unknown action '\(verb)'; expected one of \(allowed.joined(separator: ", "))")
        }
        return (verb, Array(arguments.operands.dropFirst()))
    }

    /// Returns the single SID operand of get, update and delete, checked to
    /// be a SID of `kind` when given.
    static func sid(_ operands: [String], verb: String, command: String, kind: SIDKind? = nil) throws(CommandFailure) -> String {
        guard operands.count == 1 else {
            let example = kind.map { "\($0.prefix.rawValue)0123…" } ?? "XX0123…"
            let usage = "'\(command) \(verb)' takes exactly one SID, for example 'allot \(command) \(verb) \(example)'"
            guard operands.isEmpty else { throw CommandFailure(message: usage) }
            throw CommandFailure(message: "the SID is missing: \(usage). \(emptyVariableHint)")
        }
        do {
            try kind?.check(operands[0], as: "operand")
        } catch {
            throw CommandFailure(message: error.message)
        }
        return operands[0]
    }

    /// The hint for a missing SID: the shell drops an empty unquoted
    /// variable, such as `$reservation` when no worker was available to reserve.
    static let emptyVariableHint = "If you passed a shell variable such as $reservation, it was empty: check the command that set it"

    /// Reads a JSON document option (text or @FILE) and returns its text, checked to be valid JSON.
    static func jsonText(_ arguments: ParsedArguments, _ name: String) throws(CommandFailure) -> String? {
        guard let argument = arguments.value(name) else { return nil }
        let value = try JSONArgument.parse(argument, option: name)
        return value.jsonText
    }

    /// Parses an unsigned option value.
    static func number<Value: FixedWidthInteger>(_ arguments: ParsedArguments, _ name: String, as: Value.Type) throws(CommandFailure) -> Value? {
        guard let text = arguments.value(name) else { return nil }
        guard let value = Value(text) else {
            throw CommandFailure(message: "invalid \(OptionSpecification.dashed(name)) '\(text)': expected a whole number from \(Value.min) to \(Value.max)")
        }
        return value
    }

    /// Reads a whole-number option that must lie in `range`, such as a look-back
    /// in minutes, where the protocol would read 0 as "not given".
    static func number(_ arguments: ParsedArguments, _ name: String, in range: ClosedRange<UInt32>) throws(CommandFailure) -> UInt32? {
        guard let text = arguments.value(name) else { return nil }
        guard let value = UInt32(text), range.contains(value) else {
            throw CommandFailure(message: "invalid \(OptionSpecification.dashed(name)) '\(text)': expected a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// Reads every page of a list call, up to `maximumPages`.
    static func allPages<Item>(_ fetch: (String) async throws -> (items: [Item], next: String)) async throws -> [Item] {
        var items: [Item] = []
        var token = ""
        for _ in 0..<maximumPages {
            let page = try await fetch(token)
            items += page.items
            token = page.next
            if token.isEmpty { break }
        }
        return items
    }

    /// Fetches every item of `items` again with `fetch`, up to
    /// `maximumFetchesInFlight` calls at once over the one connection, and
    /// returns the fetched items in the same order. An item that is no
    /// longer found, because it was deleted after the list call, stays as listed.
    static func fetchEach<Item: Sendable>(_ items: [Item], _ fetch: @escaping @Sendable (Item) async throws(AllotError) -> Item) async throws -> [Item] {
        var result = items
        try await withThrowingTaskGroup(of: (Int, Item?).self) { group in
            for (index, item) in items.enumerated() {
                if index >= maximumFetchesInFlight, let (done, fetched) = try await group.next() {
                    if let fetched { result[done] = fetched }
                }
                group.addTask { (index, try await fetchUnlessDeleted(item, fetch)) }
            }
            while let (done, fetched) = try await group.next() {
                if let fetched { result[done] = fetched }
            }
        }
        return result
    }

    /// Returns `fetch(item)`, or nil when the item is no longer found.
    private static func fetchUnlessDeleted<Item>(_ item: Item, _ fetch: (Item) async throws(AllotError) -> Item) async throws(AllotError) -> Item? {
        do {
            return try await fetch(item)
        } catch {
            guard error.code == .notFound else { throw error }
            return nil
        }
    }

    /// Calls that `fetchEach` keeps in flight: enough to hide the round
    /// trip, and far below the server's default of 1,024 calls per connection.
    static let maximumFetchesInFlight = 64

    /// Pages read by one list command at most: 1,000 pages of 1,000 items,
    /// which covers the largest workspace the engine allows.
    static let maximumPages = 1_000
}
