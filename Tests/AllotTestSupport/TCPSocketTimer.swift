import Foundation
import Glibc

/// The timer the kernel has armed on a TCP socket, read from its table of IPv4 TCP sockets
/// (`/proc/net/tcp`), which shows for instance whether keepalive probes are scheduled.
public struct TCPSocketTimer: Sendable, Equatable {
    /// The `tr` field: `00` no timer, `01` retransmission, `02` keepalive, and others.
    public var kind: String
    /// Time until the timer fires, in hundredths of a second.
    public var hundredthsLeft: Int

    public static let noTimerKind = "00"
    public static let keepaliveKind = "02"
    static let retransmissionKind = "01"

    /// Returns the timer of the socket connected from `localPort` (any port when nil) to
    /// `remotePort` on 127.0.0.1, waiting up to a second while the only timer is the
    /// retransmission timer of data not yet acknowledged.
    public static func read(localPort: UInt16?, remotePort: UInt16) throws -> TCPSocketTimer {
        let local = localPort.map { String(format: ":%04X", $0) }
        let remote = String(format: "0100007F:%04X", remotePort)
        for _ in 0..<20 {
            let table = try readTable()
            // Fields: sl, local_address, rem_address, st, tx_queue:rx_queue, tr:tm->when, ...
            let row = table.split(separator: "\n").map { $0.split(separator: " ") }.first { fields in
                fields.count > 5 && fields[2] == remote && (local.map { fields[1].hasSuffix($0) } ?? true)
            }
            guard let row else {
                throw TestFailure("no TCP socket to port \(remotePort) from \(localPort.map(String.init) ?? "any port") in /proc/net/tcp")
            }
            let timer = row[5].split(separator: ":")
            guard timer.count == 2, let left = Int(timer[1], radix: 16) else {
                throw TestFailure("unexpected timer field \(row[5]) in /proc/net/tcp")
            }
            if timer[0] != retransmissionKind { return TCPSocketTimer(kind: String(timer[0]), hundredthsLeft: left) }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw TestFailure("the socket to port \(remotePort) kept its retransmission timer for a second")
    }

    /// Reads the whole table with read(2) until the end: Foundation's file reading stops
    /// after the first 4 KiB of a /proc file, whose size the kernel reports as 0.
    static func readTable() throws -> String {
        let fd = open("/proc/net/tcp", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw TestFailure("opening /proc/net/tcp failed: errno \(errno)") }
        defer { Glibc.close(fd) }
        var table: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            guard count >= 0 else { throw TestFailure("reading /proc/net/tcp failed: errno \(errno)") }
            if count == 0 { return String(decoding: table, as: UTF8.self) }
            table.append(contentsOf: chunk[0..<count])
        }
    }
}
