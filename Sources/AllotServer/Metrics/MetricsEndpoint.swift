import Foundation
import Glibc
import Synchronization

/// A minimal HTTP/1.1 responder for Prometheus and health checks: `GET /metrics`
/// returns the metrics as text, `GET /healthz` and `GET /readyz` the liveness and
/// readiness checks, HEAD the same headers without a body, anything else 404 or
/// 405. One request per connection, served one at a time on its own thread,
/// with a timeout on every wait so that a stalled scraper cannot hold it.
final class MetricsEndpoint: Sendable {
    let boundAddress: SocketAddress
    private let listenFD: Int32
    private let context: ServerContext
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    /// How often the accept loop checks for a stop request, in milliseconds.
    private static let stopCheckMilliseconds: Int32 = 200
    /// Maximum wait for a scraper to send its request or take the response, in milliseconds.
    private static let timeoutMilliseconds = Int32(ServerLimits.metricsSocketTimeoutMilliseconds)

    init(address: SocketAddress, context: ServerContext) throws(SystemError) {
        self.context = context
        listenFD = try SystemCall.streamSocket(family: address.family)
        do {
            try SystemCall.setOption(listenFD, level: SOL_SOCKET, name: SO_REUSEADDR, value: 1)
            try SystemCall.bind(listenFD, to: address)
            try SystemCall.listen(listenFD, backlog: 16)
            boundAddress = try SystemCall.localAddress(listenFD)
        } catch {
            try? SystemCall.close(listenFD)
            throw error
        }
    }

    func start() {
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "allot-metrics"
        thread.start()
    }

    func stop() {
        stopping.store(true, ordering: .relaxed)
        finished.wait()
    }

    private func run() {
        defer { try? SystemCall.close(listenFD) }
        while !stopping.load(ordering: .relaxed) {
            do {
                guard try SystemCall.poll(listenFD, events: POLLIN, timeoutMilliseconds: Self.stopCheckMilliseconds),
                      let accepted = try SystemCall.accept(listenFD) else { continue }
                serve(accepted.fd)
            } catch {
                context.logger.error("metrics endpoint failed to accept", ("error", error.description))
                usleep(UInt32(Self.stopCheckMilliseconds) * 1_000)
            }
        }
    }

    private func serve(_ fd: Int32) {
        defer {
            do {
                try SystemCall.close(fd)
            } catch {
                context.logger.error("closing a metrics connection failed", ("error", error.description))
            }
        }
        do {
            guard let requestLine = try readRequestLine(fd) else { return }
            let parts = requestLine.split(separator: " ")
            // HEAD gets GET's status and headers without the body, as load balancers' checks expect.
            let method = parts.first ?? ""
            let sendsBody = method != "HEAD"
            let response: String
            if parts.count >= 2 && method != "GET" && method != "HEAD" {
                response = Self.response(status: "405 Method Not Allowed", body: "only GET and HEAD are served\n",
                                         extraHeaders: "Allow: GET, HEAD\r\n")
            } else if parts.count >= 2 && Self.path(parts[1]) == "/metrics" {
                let body = context.metrics.prometheusText(engine: context.handler.engineGauges(accounts: context.accounts.accounts))
                response = Self.response(status: "200 OK", body: body, contentType: "text/plain; version=0.0.4; charset=utf-8",
                                         sendsBody: sendsBody)
            } else if parts.count >= 2 && Self.path(parts[1]) == "/healthz" {
                response = Self.response(status: "200 OK", body: "ok\n", sendsBody: sendsBody)
            } else if parts.count >= 2 && Self.path(parts[1]) == "/readyz" {
                response = readinessResponse(sendsBody: sendsBody)
            } else {
                response = Self.response(status: "404 Not Found", body: "this endpoint serves /metrics, /healthz and /readyz\n",
                                         sendsBody: sendsBody)
            }
            try writeBlocking(fd, Array(response.utf8))
        } catch {
            context.logger.warning("metrics request failed", ("error", error.description))
        }
    }

    /// Returns 200 while the server accepts changes. While it stops, or while its handler
    /// would reject changes (for example after a failed journal write), returns 503 and why.
    private func readinessResponse(sendsBody: Bool) -> String {
        if context.isStopping.load(ordering: .relaxed) {
            return Self.response(status: "503 Service Unavailable", body: "not ready: the server is stopping\n", sendsBody: sendsBody)
        }
        if let problem = context.handler.readinessProblem() {
            return Self.response(status: "503 Service Unavailable", body: "not ready: \(problem)\n", sendsBody: sendsBody)
        }
        return Self.response(status: "200 OK", body: "ready\n", sendsBody: sendsBody)
    }

    /// Returns the request target without its query string.
    private static func path(_ target: Substring) -> Substring {
        target.prefix { $0 != "?" }
    }

    /// Reads the request head and returns its first line; nil when the peer
    /// sent nothing usable within the limits.
    ///
    /// The timeout bounds the whole head, not each read, so that a peer that
    /// sends a byte now and then cannot hold the endpoint's only thread.
    private func readRequestLine(_ fd: Int32) throws(SystemError) -> String? {
        var head: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1_024, alignment: 1)
        defer { chunk.deallocate() }
        let deadline = ContinuousClock.now + .milliseconds(Self.timeoutMilliseconds)
        while head.count < ServerLimits.maximumMetricsRequestBytes {
            let remaining = deadline - ContinuousClock.now
            let remainingMilliseconds = remaining.components.seconds * 1_000 + remaining.components.attoseconds / 1_000_000_000_000_000
            guard remainingMilliseconds > 0 else { return nil }
            // The accepted socket is non-blocking, so wait for data until the deadline.
            guard try SystemCall.poll(fd, events: POLLIN, timeoutMilliseconds: Int32(remainingMilliseconds)) else { return nil }
            switch try SystemCall.receive(fd, into: chunk) {
            case .bytes(let count):
                head.append(contentsOf: chunk[0..<count])
            case .endOfStream, .wouldBlock:
                return nil
            }
            if let end = head.firstRange(of: [13, 10, 13, 10]) {
                let text = String(decoding: head[..<end.lowerBound], as: UTF8.self)
                return text.split(separator: "\r\n").first.map(String.init)
            }
        }
        return nil
    }

    private func writeBlocking(_ fd: Int32, _ bytes: [UInt8]) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let sent = try SystemCall.send(fd, bytes, from: offset)
            if let sent {
                offset += sent
            } else if try !SystemCall.poll(fd, events: POLLOUT, timeoutMilliseconds: Self.timeoutMilliseconds) {
                throw SystemError(call: "poll", errno: ETIMEDOUT)
            }
        }
    }

    /// Renders a response. Without `sendsBody`, as for HEAD, the headers still give the body's length.
    private static func response(status: String, body: String, contentType: String = "text/plain; charset=utf-8",
                                 extraHeaders: String = "", sendsBody: Bool = true) -> String {
        "HTTP/1.1 \(status)\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\(extraHeaders)\r\n"
            + (sendsBody ? body : "")
    }
}
