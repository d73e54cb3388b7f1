import Glibc

/// Lets SIGINT and SIGTERM end a long-running command.
///
/// A process inherits its signal mask from the thread that started it, and
/// some parents, such as test runners started on worker threads, block
/// every signal. `allot events --follow` then could not be interrupted, so
/// it unblocks these signals on the main thread, where their default
/// action ends the process.
enum InterruptSignals {
    /// Unblocks SIGINT and SIGTERM on the calling thread; call it on the main thread.
    static func unblock() throws(CommandFailure) {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        let result = pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        guard result == 0 else {
            throw CommandFailure(message: "pthread_sigmask failed with error \(result); cannot unblock SIGINT and SIGTERM", exitStatus: ExitStatus.serverError)
        }
    }
}
