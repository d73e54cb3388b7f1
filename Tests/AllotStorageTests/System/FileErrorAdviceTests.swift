import Glibc
import Testing

@testable import AllotStorage

@Suite struct FileErrorAdviceTests {
    static let path = "/var/lib/allot/journal-00000000000000000001.log"

    @Test func fileSizeLimitNamesUlimit() {
        let cause = FileError(call: "pwrite", path: Self.path, errorNumber: EFBIG)
        let text = JournalError.writeFailed(cause).description
        #expect(text.contains("File too large (errno 27)"))
        #expect(text.contains("RLIMIT_FSIZE"))
        #expect(text.contains("ulimit -f"))
        #expect(!text.contains("Check that the data folder exists"))
    }

    @Test func permissionDeniedNamesServerUser() {
        for errorNumber in [EACCES, EPERM] {
            let cause = FileError(call: "open", path: Self.path, errorNumber: errorNumber)
            let text = JournalError.file(cause).description
            #expect(text.contains("Check the owner and mode of \(Self.path)"), "errno \(errorNumber)")
            #expect(text.contains("the server runs as uid \(geteuid())"), "errno \(errorNumber)")
        }
    }

    @Test func fullDiskSaysFreeSpace() {
        for errorNumber in [ENOSPC, EDQUOT] {
            let cause = FileError(call: "pwrite", path: Self.path, errorNumber: errorNumber)
            for text in [JournalError.file(cause).description, SnapshotError.file(cause).description] {
                #expect(text.contains("is full. Free space on that file system"), "errno \(errorNumber): \(text)")
            }
        }
    }

    @Test func exhaustedLimitsNameTheLimit() {
        let cases: [(Int32, String)] = [
            (EMFILE, "ulimit -n"), (ENFILE, "fs.file-max"), (ENOMEM, "out of memory"), (EIO, "kernel log"),
            (EROFS, "read-only"),
        ]
        for (errorNumber, fragment) in cases {
            let cause = FileError(call: "open", path: Self.path, errorNumber: errorNumber)
            #expect(JournalError.file(cause).description.contains(fragment), "errno \(errorNumber)")
        }
    }
}
