import Foundation
import Synchronization

/// The lines a process wrote to one of its outputs.
public final class LineCollector: Sendable {
    public let lines = Mutex<[String]>([])

    public init() {}

    /// Reads `handle` until end of file, appending each complete line.
    public func collect(from handle: FileHandle) {
        var pending = Data()
        while true {
            let data = handle.availableData
            if data.isEmpty { break }
            pending.append(data)
            while let newline = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                lines.withLock { $0.append(line) }
            }
        }
    }
}
