import AllotCore
import AllotStorage

/// Reads one snapshot file outside the server, for `allot snapshot inspect` and
/// `allot snapshot verify`.
package enum SnapshotFileCheck {
    /// The contents of a snapshot file, as inspect and verify report them.
    package struct Inspection: Equatable, Sendable {
        package var path: String
        package var header: SnapshotHeader
        /// The workspaces of every shard, in shard order and, within a shard, in SID order;
        /// empty when only the header was read.
        package var workspaces: [SnapshotWorkspaceSummary]
        /// True when the file's name has the form `snapshot-<20 digits>.snap` and ``verify(_:)``
        /// found that its sequence matches the header's. False when the name has another form
        /// or was not checked.
        package var fileNameChecked = false
    }

    /// Reads the header alone, which has its own CRC-32, without reading the bodies.
    package static func inspectHeader(_ path: String) throws -> Inspection {
        Inspection(path: path, header: try SnapshotReader.inspect(path), workspaces: [])
    }

    /// Reads the header and counts the resources of each workspace. Every check of
    /// ``SnapshotReader`` runs, including the trailing CRC-32.
    ///
    /// - Throws: ``SnapshotError`` for a damaged file, ``SnapshotCheckError`` for a body whose
    ///   records cannot be decoded.
    package static func inspect(_ path: String) throws -> Inspection {
        var workspaces: [SnapshotWorkspaceSummary] = []
        let header = try SnapshotReader.forEachBody(path) { _, shard, body in
            do {
                workspaces += try SnapshotWorkspaceSummary.summarize(body: body, shard: shard)
            } catch {
                throw SnapshotCheckError.undecodable(path: path, shard: shard, cause: error)
            }
        }
        return Inspection(path: path, header: header, workspaces: workspaces)
    }

    /// Checks everything a restore checks: the file's checksums and sizes, then every body's
    /// records, rebuilt into engine state one shard at a time and checked against each other
    /// and against the counts in the header. When the file's name has the form that recovery
    /// lists, `snapshot-<20 digits>.snap`, the sequence in it must be the header's covered
    /// sequence, as recovery requires.
    ///
    /// - Throws: ``SnapshotError`` for a damaged file, ``SnapshotCheckError`` for a body that
    ///   does not decode or restore.
    package static func verify(_ path: String) throws -> Inspection {
        var workspaces: [SnapshotWorkspaceSummary] = []
        let header = try SnapshotReader.forEachBody(path) { header, shard, body in
            let summaries: [SnapshotWorkspaceSummary]
            do {
                summaries = try SnapshotWorkspaceSummary.summarize(body: body, shard: shard)
                let configuration = EngineConfiguration(shardCount: header.shards.count)
                _ = try SnapshotBodyDecoder.decode(body, shardIndex: shard, configuration: configuration)
            } catch {
                throw SnapshotCheckError.undecodable(path: path, shard: shard, cause: error)
            }
            try checkCounts(summaries, against: header, shard: shard, path: path)
            workspaces += summaries
        }
        let fileNameChecked = try SnapshotReader.checkFileName(of: path, against: header)
        return Inspection(path: path, header: header, workspaces: workspaces, fileNameChecked: fileNameChecked)
    }

    /// Compares the counts a shard's header entry declares with those of its records.
    private static func checkCounts(_ summaries: [SnapshotWorkspaceSummary], against header: SnapshotHeader,
                                    shard: Int, path: String) throws(SnapshotCheckError) {
        let counted: [String: Int] = [
            "workspaces": summaries.count,
            "workers": summaries.reduce(0) { $0 + $1.workerCount },
            "tasks": summaries.reduce(0) { $0 + $1.taskCount },
            "reservations": summaries.reduce(0) { $0 + $1.reservationCount },
        ]
        for (index, name) in header.countNames.enumerated() {
            guard let actual = counted[name] else { continue }
            let declared = header.shards[shard].counts[index]
            guard declared == UInt64(actual) else {
                throw .countMismatch(path: path, shard: shard, name: name, declared: declared, counted: actual)
            }
        }
    }
}

/// A snapshot that passes its checksums but whose bodies are not what a restore needs.
package enum SnapshotCheckError: Error, Sendable, CustomStringConvertible {
    /// A shard's records cannot be decoded, or contradict each other.
    case undecodable(path: String, shard: Int, cause: any Error & Sendable)
    /// The header declares another count than the shard's records contain.
    case countMismatch(path: String, shard: Int, name: String, declared: UInt64, counted: Int)

    package var description: String {
        switch self {
        case .undecodable(let path, let shard, let cause):
            "snapshot \(path) passes its checksums, but the records of shard \(shard) cannot be restored: \(cause). "
                + "A server would stop at this snapshot; move it out of the data folder to start from the previous one"
        case .countMismatch(let path, let shard, let name, let declared, let counted):
            "snapshot \(path) declares \(declared) \(name) for shard \(shard), but its records contain \(counted). "
                + "A writer fault produced it; move it out of the data folder to start from the previous one"
        }
    }
}
