import Glibc

/// Polls `condition` every millisecond and returns whether it became true within
/// `maximumPolls` polls. The bound only keeps a broken writer from hanging the test run; no
/// test asserts how long anything takes.
func pollUntil(maximumPolls: Int = 600_000, _ condition: () -> Bool) -> Bool {
    for _ in 0..<maximumPolls {
        if condition() { return true }
        usleep(1_000)
    }
    return condition()
}
