import AllotWire
import Foundation
import Glibc
import Synchronization

/// Round trips of the Echo call against a real allot-server on loopback.
///
/// It starts the allot-server binary built beside this executable, with two
/// I/O threads; `swift build -c release --product allot-server` builds it.
/// It measures the latency of one call in flight, and the throughput of 64
/// calls in flight on one connection and on each of eight connections. Client and server share the machine's cores, so on a small
/// machine the client's own work limits the throughput figures. Run the
/// whole program under `taskset -c 0` to pin client and server to one CPU.
func runEchoBenchmarks(_ report: inout BenchmarkReport) {
    do {
        let server = try EchoBenchmarkServer()
        defer { server.stop() }
        try measureEchoLatency(server, &report)
        try measureEchoThroughput(server, connections: 1, &report)
        try measureEchoThroughput(server, connections: 8, &report)
    } catch {
        FileHandle.standardError.write(Data("echo benchmarks failed: \(error)\n".utf8))
    }
}

/// Bytes of payload in each Echo call.
private let echoPayloadBytes = 16
/// Calls each connection keeps in flight in the throughput runs.
private let echoCallsInFlight = 64
/// Round trips timed one by one for the latency percentiles.
private let echoLatencySamples = 100_000
/// Length of each throughput run, in seconds.
private let echoThroughputSeconds = 3.0

private func measureEchoLatency(_ server: EchoBenchmarkServer, _ report: inout BenchmarkReport) throws {
    let connection = try EchoConnection(server: server)
    let frame = try connection.echoFrame(callID: 1)
    for _ in 0..<2_000 {
        try connection.roundTrip(frame)
    }
    let clock = ContinuousClock()
    var samples: [Double] = []
    samples.reserveCapacity(echoLatencySamples)
    for _ in 0..<echoLatencySamples {
        let start = clock.now
        try connection.roundTrip(frame)
        samples.append((clock.now - start).microseconds)
    }
    samples.sort()
    func percentile(_ fraction: Double) -> Double {
        samples[min(samples.count - 1, Int(Double(samples.count) * fraction))]
    }
    report.record("round_trip_1_in_flight_p50", percentile(0.5), unit: "µs")
    report.record("round_trip_1_in_flight_p99", percentile(0.99), unit: "µs")
    report.record("round_trip_1_in_flight_p99.9", percentile(0.999), unit: "µs")
    report.record("round_trip_1_in_flight_max", samples.last ?? 0, unit: "µs")
}

private func measureEchoThroughput(_ server: EchoBenchmarkServer, connections: Int, _ report: inout BenchmarkReport) throws {
    let clients = try (0..<connections).map { _ in try EchoConnection(server: server) }
    let completed = Atomic<Int>(0)
    let failures = Mutex<[String]>([])
    let finished = DispatchSemaphore(value: 0)
    let start = ContinuousClock.now
    let end = start + .milliseconds(Int(echoThroughputSeconds * 1_000))
    for client in clients {
        let box = EchoConnectionBox(client)
        Thread.detachNewThread {
            do {
                completed.add(try box.connection.pipeline(inFlight: echoCallsInFlight, until: end), ordering: .relaxed)
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
            finished.signal()
        }
    }
    for _ in clients { finished.wait() }
    let elapsed = (ContinuousClock.now - start).microseconds / 1e6
    if let failure = failures.withLock({ $0.first }) {
        throw EchoBenchmarkError(failure)
    }
    let name = connections == 1 ? "throughput_1_connection_64_in_flight" : "throughput_\(connections)_connections_64_in_flight_each"
    report.record(name, Double(completed.load(ordering: .relaxed)) / elapsed, unit: "calls/s")
}

/// A connection used by one thread at a time.
struct EchoConnectionBox: @unchecked Sendable {
    let connection: EchoConnection

    init(_ connection: EchoConnection) {
        self.connection = connection
    }
}

struct EchoBenchmarkError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// allot-server started for the benchmark, on a free port.
final class EchoBenchmarkServer {
    let port: UInt16
    let accountSID: String
    let secret: String
    private let process = Process()
    private let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("allot-echo-bench-\(UUID().uuidString)").path

    /// Starts the server with the journal's sync policy `fsync`, one of the
    /// values `allot-server --fsync` takes.
    init(fsync: String = "always") throws {
        let directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let binary = directory.appendingPathComponent("allot-server")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw EchoBenchmarkError("\(binary.path) not found; run swift build -c release --product allot-server")
        }
        process.executableURL = binary
        process.arguments = ["--listen", "127.0.0.1:0", "--metrics-listen", "off", "--data-dir", dataDirectory, "--fsync", fsync]
        let pipe = Pipe()
        process.standardError = pipe
        try process.run()
        port = try Self.readPort(from: pipe.fileHandleForReading)
        // The server logs every closed connection; keep its pipe drained.
        let handle = pipe.fileHandleForReading
        Thread.detachNewThread {
            while !handle.availableData.isEmpty {}
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: dataDirectory + "/credentials.json"))
        guard let credentials = try JSONSerialization.jsonObject(with: data) as? [String: String],
              let sid = credentials["account_sid"], let secret = credentials["secret"] else {
            throw EchoBenchmarkError("credentials.json lacks account_sid or secret")
        }
        accountSID = sid
        self.secret = secret
    }

    private static func readPort(from handle: FileHandle) throws -> UInt16 {
        let marker = "msg=\"listening\" address=127.0.0.1:"
        var text = ""
        while true {
            let data = handle.availableData
            if data.isEmpty { throw EchoBenchmarkError("allot-server exited before listening: \(text)") }
            text += String(decoding: data, as: UTF8.self)
            if let range = text.range(of: marker) {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let port = UInt16(digits), text[range.upperBound...].dropFirst(digits.count).first != nil {
                    return port
                }
            }
        }
    }

    /// The server's process ID.
    var processIdentifier: Int32 { process.processIdentifier }

    func stop() {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }
}

/// A blocking client connection that sends pre-encoded frames.
final class EchoConnection {
    let fd: Int32
    private var decoder = FrameDecoder()
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 16)

    init(server: EchoBenchmarkServer) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw EchoBenchmarkError("socket failed: errno \(errno)") }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = server.port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw EchoBenchmarkError("connect failed: errno \(errno)") }
        let hello = Wire.ClientFrame(callID: 1, request: .hello(Wire.Hello(protocolVersion: 1, accountSID: server.accountSID, secret: server.secret, clientName: "allot-benchmarks")))
        try send(try Self.framed(hello))
        let reply = try Wire.ServerFrame(serializedBytes: try receiveFrames(1)[0].payload)
        guard reply.status?.code == .ok else { throw EchoBenchmarkError("hello failed: \(reply)") }
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    static func framed(_ frame: Wire.ClientFrame) throws -> [UInt8] {
        var output: [UInt8] = []
        try FrameEncoder().appendFrame(payload: frame.serializedBytes(), to: &output)
        return output
    }

    func echoFrame(callID: UInt64) throws -> [UInt8] {
        try Self.framed(Wire.ClientFrame(callID: callID, request: .echo(Wire.Echo(payload: [UInt8](repeating: 7, count: echoPayloadBytes)))))
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw EchoBenchmarkError("send failed: errno \(errno)") }
            offset += count
        }
    }

    /// Reads until at least `minimum` frames are complete and returns every complete frame.
    func receiveFrames(_ minimum: Int) throws -> [Frame] {
        var frames: [Frame] = []
        while true {
            while let frame = try decoder.nextFrame() {
                frames.append(frame)
            }
            if frames.count >= minimum { return frames }
            let count = recv(fd, buffer.baseAddress, buffer.count, 0)
            guard count > 0 else { throw EchoBenchmarkError("the server closed the connection (recv returned \(count), errno \(errno))") }
            decoder.append(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    func roundTrip(_ frame: [UInt8]) throws {
        try send(frame)
        _ = try receiveFrames(1)
    }

    /// Keeps `inFlight` calls outstanding until `end`, sending one new call
    /// per reply in a single send per batch; returns the replies received.
    func pipeline(inFlight: Int, until end: ContinuousClock.Instant) throws -> Int {
        try pipeline(try (1...inFlight).map { try echoFrame(callID: UInt64($0)) }, until: end)
    }

    /// Keeps one call of each of `frames` outstanding until `end` and
    /// returns the replies received. `frames[i]` must carry call ID i + 1.
    /// After each batch of replies, one send repeats exactly the calls that
    /// were replied to. The server may reply out of order, and it rejects a
    /// call ID that is still in flight.
    func pipeline(_ frames: [[UInt8]], until end: ContinuousClock.Instant) throws -> Int {
        try send(frames.flatMap { $0 })
        var completed = 0
        var again: [UInt8] = []
        while ContinuousClock.now < end {
            let replies = try receiveFrames(1)
            completed += replies.count
            again.removeAll(keepingCapacity: true)
            for reply in replies {
                let callID = try Self.callID(of: reply)
                guard callID >= 1, callID <= frames.count else {
                    throw EchoBenchmarkError("a reply names call ID \(callID), which this pipeline did not send")
                }
                again += frames[Int(callID) - 1]
            }
            try send(again)
        }
        _ = try receiveFrames(0)
        return completed
    }

    /// Returns the call ID of a server frame. protobuf-c writes fields in
    /// field-number order, so a nonzero `call_id` (field 1) leads the
    /// payload as tag 0x08 and a varint. Any other layout is decoded whole.
    static func callID(of frame: Frame) throws -> UInt64 {
        let payload = frame.payload
        guard payload.first == 0x08 else { return try Wire.ServerFrame(serializedBytes: payload).callID }
        var value: UInt64 = 0
        var shift: UInt64 = 0
        for byte in payload.dropFirst().prefix(10) {
            value |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return try Wire.ServerFrame(serializedBytes: payload).callID
    }
}

extension Duration {
    /// The duration in microseconds.
    var microseconds: Double {
        Double(components.seconds) * 1e6 + Double(components.attoseconds) / 1e12
    }
}
