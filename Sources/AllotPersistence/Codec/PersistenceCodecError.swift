import AllotWire

/// A snapshot body or journal payload that this build cannot decode.
///
/// The storage layer has already checked the checksums, so these errors mean
/// the bytes were written by another version of Allot or by a faulty writer.
package enum PersistenceCodecError: Error, Equatable, Sendable, CustomStringConvertible {
    /// protobuf-c rejected the bytes of a record.
    case malformedRecord(kind: String, cause: WireCodecError)
    /// A length prefix runs past the end of the body or is not a valid varint.
    case malformedLength(offset: Int)
    /// A body or entry version this build does not read.
    case unsupportedVersion(kind: String, version: UInt32, supported: UInt32)
    /// A required field or oneof case is missing, or an enum value is unknown.
    case invalidField(kind: String, field: String, value: String)

    package var description: String {
        switch self {
        case .malformedRecord(let kind, let cause):
            "a \(kind) could not be decoded: \(cause)"
        case .malformedLength(let offset):
            "a snapshot record's length prefix at body offset \(offset) is invalid or runs past the end of the body"
        case .unsupportedVersion(let kind, let version, let supported):
            "\(kind) version \(version) is not supported; this build reads version \(supported). "
                + "It was written by a newer Allot: run a version that reads it"
        case .invalidField(let kind, let field, let value):
            "\(kind) field \(field) has the invalid value \(value)"
        }
    }
}
