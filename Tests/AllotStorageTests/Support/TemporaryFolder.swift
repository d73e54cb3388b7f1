import Foundation
import Glibc
import Testing

@testable import AllotStorage

/// A fresh folder under the system's temporary directory, removed with its contents on deinit.
final class TemporaryFolder {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "allot-storage-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer in
            mkdtemp(buffer.baseAddress!).map { String(cString: $0) }
        }
        guard let created else {
            throw FileError(call: "mkdtemp", path: NSTemporaryDirectory(), errorNumber: errno)
        }
        path = created
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ name: String) -> String {
        FileSystem.join(path, name)
    }

    /// Names of the entries in the folder, sorted.
    func names() throws -> [String] {
        try FileSystem.listDirectory(path).sorted()
    }
}

/// Whole-file helpers for tests that damage files on purpose.
enum TestFiles {
    static func read(_ path: String) throws -> [UInt8] {
        let file = try SystemFile.openForReading(path)
        defer { try? file.close() }
        return try file.readBytes(count: try file.size(), at: 0)
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        let file = try SystemFile.open(path, flags: O_WRONLY | O_CREAT | O_TRUNC)
        try file.write(bytes[...], at: 0)
        try file.close()
    }

    /// Flips every bit of the byte at `offset`.
    static func flipByte(at offset: Int, in path: String) throws {
        var bytes = try read(path)
        bytes[offset] ^= 0xFF
        try write(bytes, to: path)
    }
}
