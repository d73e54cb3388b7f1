/// Parsing of the JSON documents that requests carry as text: worker and
/// task attributes and workflow configurations, with errors that name the
/// request field.
enum JSONInput {
    /// Parses an attributes document: a JSON object within the configured byte limit.
    static func attributes(_ text: String, field: String, limits: EngineLimits) throws(EngineError) -> AttributeValue {
        do {
            return try AttributeValue(parsingAttributes: text, maximumBytes: limits.maximumAttributesBytes,
                                      maximumDepth: Limits.maximumAttributesDepth)
        } catch {
            throw .invalidArgument(field: field, message: "\(field) is not a valid attributes document: \(error.message)")
        }
    }

    /// Parses any JSON document of at most `maximumBytes`, rejecting nesting
    /// deeper than `maximumDepth`.
    static func document(_ text: String, field: String, maximumBytes: Int,
                         maximumDepth: Int) throws(EngineError) -> AttributeValue {
        do {
            return try AttributeValue(parsingJSON: text, maximumBytes: maximumBytes, maximumDepth: maximumDepth)
        } catch {
            throw .invalidArgument(field: field, message: "\(field) is not valid JSON: \(error.message)")
        }
    }
}
