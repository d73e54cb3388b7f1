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
            current.allocatedBytes = current.durableOffset
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
    /// failed creation is replaced. The first step of the segment's space is allocated here.
    func createSegment(firstSequence: UInt64) throws -> Segment {
        let path = FileSystem.join(configuration.folder, JournalFormat.segmentName(firstSequence: firstSequence))
        try faults?.check(.createSegment, path: path)
        let file = try SystemFile.open(path, flags: O_WRONLY | O_CREAT | O_TRUNC)
        let header = JournalFormat.segmentHeader(firstSequence: firstSequence)
        try file.write(header[...], at: 0)
        var created = Segment(path: path, file: file, durableOffset: header.count, allocatedBytes: header.count)
        allocateAhead(&created, through: header.count + 1)
        try file.synchronize()
        try FileSystem.synchronizeDirectory(configuration.folder)
        return created
    }

    /// Allocates the segment's disk space in steps of `journalAllocationStepBytes`, up to the
    /// segment's size, once the records through offset `end` would pass what is allocated.
    ///
    /// A sync of records written inside allocated space has no new file size to record. On
    /// ext4 that took a create-task call's round trip under `--fsync always` from about 297
    /// to 244 µs at the median (`BENCHMARKS.md`). Until a clean close cuts the file back, it
    /// ends in zeros, which readers take as the end of the records. When allocating fails, as
    /// on a nearly full disk, the segment grows with its records and no step is tried again.
    func allocateAhead(_ segment: inout Segment, through end: Int) {
        guard let file = segment.file, end > segment.allocatedBytes, segment.allocatedBytes < configuration.segmentBytes
        else { return }
        let step = StorageLimits.journalAllocationStepBytes
        let target = min((end + step - 1) / step * step, configuration.segmentBytes)
        let allocated = file.preallocate(offset: segment.allocatedBytes, length: target - segment.allocatedBytes)
        segment.allocatedBytes = allocated ? target : configuration.segmentBytes
    }
}
