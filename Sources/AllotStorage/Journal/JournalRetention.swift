/// Deletion of journal segments that a snapshot has made unnecessary.
package enum JournalRetention {
    /// Removes every segment whose records all have sequences at or below `sequence`, oldest
    /// first, then syncs the folder, and returns the removed paths.
    ///
    /// A segment's last sequence is known only from the segment after it, so the newest
    /// segment, which the writer may be appending to, is never removed. Removing oldest first
    /// means a crash part-way leaves the journal without a gap. Pass the lowest sequence any
    /// kept snapshot covers, so that recovery can still fall back to the oldest snapshot.
    @discardableResult
    package static func removeSegments(in folder: String, coveredThrough sequence: UInt64) throws(JournalError)
        -> [String]
    {
        do {
            let segments = try JournalSegments.list(in: folder)
            var removed: [String] = []
            for (segment, next) in zip(segments, segments.dropFirst()) {
                guard next.firstSequence - 1 <= sequence else { break }
                try FileSystem.removeFile(segment.path)
                removed.append(segment.path)
            }
            if !removed.isEmpty {
                try FileSystem.synchronizeDirectory(folder)
            }
            return removed
        } catch let error as FileError {
            throw .file(error)
        } catch {
            preconditionFailure("listing or removing segments threw an error that is not a FileError: \(error)")
        }
    }
}

extension JournalWriter {
    /// Removes the segments in this writer's folder whose records are all at or below
    /// `sequence`; see ``JournalRetention/removeSegments(in:coveredThrough:)``.
    @discardableResult
    package func removeSegments(coveredThrough sequence: UInt64) throws(JournalError) -> [String] {
        try JournalRetention.removeSegments(in: configuration.folder, coveredThrough: sequence)
    }
}
