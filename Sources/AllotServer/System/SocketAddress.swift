import Glibc

/// An IPv4 or IPv6 socket address, parsed from "HOST:PORT" or "[HOST]:PORT".
public struct SocketAddress: Sendable, Equatable, CustomStringConvertible {
    enum Storage: Sendable, Equatable {
        case ipv4(host: [UInt8], port: UInt16)
        case ipv6(host: [UInt8], port: UInt16)
    }

    let storage: Storage

    /// The port number.
    public var port: UInt16 {
        switch storage {
        case .ipv4(_, let port), .ipv6(_, let port): return port
        }
    }

    /// "127.0.0.1:7700" or "[::1]:7700".
    public var description: String {
        switch storage {
        case .ipv4(let host, let port):
            return "\(Self.format(host, family: AF_INET)):\(port)"
        case .ipv6(let host, let port):
            return "[\(Self.format(host, family: AF_INET6))]:\(port)"
        }
    }

    /// Returns the same address with another port.
    func withPort(_ port: UInt16) -> SocketAddress {
        switch storage {
        case .ipv4(let host, _): return SocketAddress(storage: .ipv4(host: host, port: port))
        case .ipv6(let host, _): return SocketAddress(storage: .ipv6(host: host, port: port))
        }
    }

    /// Parses "HOST:PORT" with a numeric IPv4 host or "localhost", or
    /// "[HOST]:PORT" with a numeric IPv6 host. Returns nil when invalid; no
    /// name is looked up.
    public init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":"),
              let port = UInt16(text[text.index(after: colon)...]) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
            guard let bytes = Self.parse(host, family: AF_INET6, byteCount: 16) else { return nil }
            storage = .ipv6(host: bytes, port: port)
            return
        }
        if host == "localhost" { host = "127.0.0.1" }
        guard let bytes = Self.parse(host, family: AF_INET, byteCount: 4) else { return nil }
        storage = .ipv4(host: bytes, port: port)
    }

    init(storage: Storage) {
        self.storage = storage
    }

    var family: Int32 {
        switch storage {
        case .ipv4: return AF_INET
        case .ipv6: return AF_INET6
        }
    }

    /// Runs `body` with the address as a `sockaddr` and its length.
    func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        switch storage {
        case .ipv4(let host, let port):
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            withUnsafeMutableBytes(of: &address.sin_addr) { $0.copyBytes(from: host) }
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case .ipv6(let host, let port):
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            withUnsafeMutableBytes(of: &address.sin6_addr) { $0.copyBytes(from: host) }
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
    }

    /// Reads an address that the kernel filled in; nil for other families.
    init?(storage raw: sockaddr_storage) {
        var copy = raw
        switch Int32(raw.ss_family) {
        case AF_INET:
            let address = withUnsafeBytes(of: &copy) { $0.load(as: sockaddr_in.self) }
            let host = withUnsafeBytes(of: address.sin_addr) { Array($0) }
            storage = .ipv4(host: host, port: UInt16(bigEndian: address.sin_port))
        case AF_INET6:
            let address = withUnsafeBytes(of: &copy) { $0.load(as: sockaddr_in6.self) }
            let host = withUnsafeBytes(of: address.sin6_addr) { Array($0) }
            storage = .ipv6(host: host, port: UInt16(bigEndian: address.sin6_port))
        default:
            return nil
        }
    }

    private static func parse(_ host: String, family: Int32, byteCount: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: byteCount)
        let result = bytes.withUnsafeMutableBytes { inet_pton(family, host, $0.baseAddress) }
        return result == 1 ? bytes : nil
    }

    private static func format(_ host: [UInt8], family: Int32) -> String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let written = host.withUnsafeBytes { source in
            inet_ntop(family, source.baseAddress, &text, socklen_t(text.count))
        }
        guard written != nil else { return "?" }
        let bytes = text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
