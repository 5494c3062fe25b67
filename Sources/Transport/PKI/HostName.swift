import NIOCore

/// Host names as certificates see them: IP literals go in `IP:` entries and
/// are checked as addresses, everything else as DNS names.
enum HostName {
    /// True for an IPv4 or IPv6 literal such as `127.0.0.1` or `::1`.
    static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }
}
