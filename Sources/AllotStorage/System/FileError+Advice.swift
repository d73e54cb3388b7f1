import Glibc

extension FileError {
    /// Advice for the operator, chosen by the failure's `errno`: one or two sentences to append
    /// to a message that names the file.
    package var advice: String {
        switch errorNumber {
        case EACCES, EPERM:
            "Check the owner and mode of \(path) and of the folders above it: the server runs as "
                + "uid \(geteuid()), gid \(getegid())."
        case EMFILE:
            "The process reached its limit of open files. Raise it (ulimit -n, or LimitNOFILE= in a systemd unit)."
        case ENFILE:
            "The system reached its limit of open files (fs.file-max). Close files in other processes or raise the limit."
        case ENOMEM:
            "The system is out of memory. Free memory and start the server again."
        case EIO:
            "The device reported an I/O error. Check the disk and the kernel log (dmesg) before starting again."
        case ENOSPC, EDQUOT:
            "The disk or the quota that holds the data folder is full. Free space on that file system."
        case EFBIG:
            "The file reached the process's file size limit (RLIMIT_FSIZE, set by ulimit -f or LimitFSIZE= "
                + "in a systemd unit). Raise or remove that limit."
        case EROFS:
            "The file system is mounted read-only. Remount it read-write or choose another --data-dir."
        case ENOENT:
            "Nothing exists at \(path). Check the path, and that no other program moved or removed the file."
        case EISDIR:
            "\(path) is a folder where a file is expected. Move it out of the data folder."
        default:
            "Check that the data folder exists, is writable and that its device reports no errors."
        }
    }
}
