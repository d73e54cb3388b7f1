/// One segment file found in the data folder.
struct JournalSegment: Equatable, Sendable {
    /// Sequence of the segment's first record, taken from its file name.
    let firstSequence: UInt64
    let path: String
}

enum JournalSegments {
    /// Lists the journal segments in `folder` in sequence order, or none when the folder does
    /// not exist. Files whose names do not follow the segment pattern are ignored.
    static func list(in folder: String) throws -> [JournalSegment] {
        guard try FileSystem.isDirectory(folder) else { return [] }
        return try FileSystem.listDirectory(folder)
            .compactMap { name in
                JournalFormat.firstSequence(inSegmentName: name).map {
                    JournalSegment(firstSequence: $0, path: FileSystem.join(folder, name))
                }
            }
            .sorted { $0.firstSequence < $1.firstSequence }
    }
}
