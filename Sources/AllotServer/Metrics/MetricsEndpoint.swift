import Foundation
import Glibc
import Synchronization

/// A minimal HTTP/1.1 responder for Prometheus and health checks: `GET /metrics`
/// returns the metrics as text, `GET /healthz` and `GET /readyz` the liveness and
/// readiness checks, HEAD the same headers without a body, anything else 404 or
/// 405. One request per connection.
///
/// One thread serves every connection in a poll loop, so a peer that connects and
/// sends nothing, or reads its response slowly, does not delay a health check that
/// arrives after it. Each connection has a deadline, and at the connection limit a
/// new connection displaces the oldest one that has not sent a whole request.
final class MetricsEndpoint: Sendable {
    let boundAddress: SocketAddress
    private let listenFD: Int32
    private let context: ServerContext
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    /// How often the loop checks for a stop request, in milliseconds.
    private static let stopCheckMilliseconds: Int32 = 200
    /// Time a connection gets to send its request head and take the whole response.
    private static let connectionDuration = Duration.milliseconds(ServerLimits.metricsSocketTimeoutMilliseconds)

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
        var connections: [MetricsConnection] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1_024, alignment: 1)
        defer {
            buffer.deallocate()
            for connection in connections { close(connection) }
            try? SystemCall.close(listenFD)
        }
        while !stopping.load(ordering: .relaxed) {
            var descriptors = [pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0)]
            descriptors += connections.map { pollfd(fd: $0.fd, events: $0.events, revents: 0) }
            do {
                try SystemCall.poll(&descriptors, timeoutMilliseconds: pollTimeout(connections))
            } catch {
                context.logger.error("metrics endpoint failed to poll", ("error", error.description))
                usleep(UInt32(Self.stopCheckMilliseconds) * 1_000)
                continue
            }
            // Ready connections first, by their index in `descriptors`, then new ones, so
            // that the indices still match.
            var ended: Set<Int32> = []
            for index in connections.indices where descriptors[index + 1].revents != 0 {
                if !advance(&connections[index], buffer: buffer) { ended.insert(connections[index].fd) }
            }
            let now = ContinuousClock.now
            for connection in connections where !ended.contains(connection.fd) && connection.deadline <= now {
                ended.insert(connection.fd)
            }
            for connection in connections where ended.contains(connection.fd) { close(connection) }
            connections.removeAll { ended.contains($0.fd) }
            if descriptors[0].revents != 0 { acceptWaiting(into: &connections) }
        }
    }

    /// Returns the poll timeout: the time to the nearest deadline, at most the stop check interval.
    private func pollTimeout(_ connections: [MetricsConnection]) -> Int32 {
        guard let nearest = connections.map(\.deadline).min() else { return Self.stopCheckMilliseconds }
        return (nearest - ContinuousClock.now).pollTimeoutMilliseconds(atMost: Self.stopCheckMilliseconds)
    }

    /// Accepts the connections waiting. At the limit, each new one displaces the oldest
    /// connection still waiting for its request, or is closed itself when every open
    /// connection is already receiving its response.
    private func acceptWaiting(into connections: inout [MetricsConnection]) {
        for _ in 0..<ServerLimits.maximumMetricsConnections {
            let accepted: (fd: Int32, peer: SocketAddress?)?
            do {
                accepted = try SystemCall.accept(listenFD)
            } catch {
                context.logger.error("metrics endpoint failed to accept", ("error", error.description))
                return
            }
            guard let accepted else { return }
            if connections.count >= ServerLimits.maximumMetricsConnections {
                guard let oldest = connections.firstIndex(where: \.isWaitingForRequest) else {
                    try? SystemCall.close(accepted.fd)
                    continue
                }
                close(connections.remove(at: oldest))
            }
            connections.append(MetricsConnection(fd: accepted.fd, deadline: ContinuousClock.now + Self.connectionDuration))
        }
    }

    /// Reads or writes what `connection` is ready for. Returns false once it should close.
    private func advance(_ connection: inout MetricsConnection, buffer: UnsafeMutableRawBufferPointer) -> Bool {
        do throws(MetricsConnectionError) {
            if connection.isWaitingForRequest {
                guard let requestLine = try connection.read(into: buffer) else { return true }
                connection.respond(Array(response(to: requestLine).utf8))
            }
            return try !connection.write()
        } catch {
            if case .failed(let cause) = error {
                context.logger.warning("metrics request failed", ("error", cause.description))
            }
            return false
        }
    }

    private func close(_ connection: MetricsConnection) {
        do {
            try SystemCall.close(connection.fd)
        } catch {
            context.logger.error("closing a metrics connection failed", ("error", error.description))
        }
    }

    /// Returns the response to a request line.
    private func response(to requestLine: String) -> String {
        let parts = requestLine.split(separator: " ")
        // HEAD gets GET's status and headers without the body, as load balancers' checks expect.
        let method = parts.first ?? ""
        let sendsBody = method != "HEAD"
        if parts.count >= 2 && method != "GET" && method != "HEAD" {
            return Self.response(status: "405 Method Not Allowed", body: "only GET and HEAD are served\n",
                                 extraHeaders: "Allow: GET, HEAD\r\n")
        } else if parts.count >= 2 && Self.path(parts[1]) == "/metrics" {
            let body = context.metrics.prometheusText(engine: context.handler.engineGauges(accounts: context.accounts.accounts))
            return Self.response(status: "200 OK", body: body, contentType: "text/plain; version=0.0.4; charset=utf-8",
                                 sendsBody: sendsBody)
        } else if parts.count >= 2 && Self.path(parts[1]) == "/healthz" {
            return Self.response(status: "200 OK", body: "ok\n", sendsBody: sendsBody)
        } else if parts.count >= 2 && Self.path(parts[1]) == "/readyz" {
            return readinessResponse(sendsBody: sendsBody)
        }
        return Self.response(status: "404 Not Found", body: "this endpoint serves /metrics, /healthz and /readyz\n",
                             sendsBody: sendsBody)
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

    /// Renders a response. Without `sendsBody`, as for HEAD, the headers still give the body's length.
    private static func response(status: String, body: String, contentType: String = "text/plain; charset=utf-8",
                                 extraHeaders: String = "", sendsBody: Bool = true) -> String {
        "HTTP/1.1 \(status)\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\(extraHeaders)\r\n"
            + (sendsBody ? body : "")
    }
}
