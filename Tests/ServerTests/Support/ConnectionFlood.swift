import Foundation

/// Plain TCP connections to a TLS port that never authenticate: a third stay
/// silent, a third send garbage, a third open a TLS record of 16,000 bytes and
/// dribble it one byte at a time (a slowloris that keeps any read deadline fed).
struct ConnectionFlood {
    let port: Int
    let count: Int

    /// Opens the connections, then waits up to `within` seconds for the server
    /// to close them. Returns how many it closed, and how many connects failed.
    func run(within seconds: Double) -> (closedByServer: Int, refusedConnects: Int) {
        var sockets: [(fd: Int32, dribbles: Bool)] = []
        var refused = 0
        for index in 0..<count {
            guard let fd = Self.connect(port: port) else { refused += 1; continue }
            switch index % 3 {
            case 0: break
            case 1: Self.send(fd, Array(repeating: 0x5a, count: 64))
            default: Self.send(fd, [0x16, 0x03, 0x01, 0x3e, 0x80])
            }
            sockets.append((fd, index % 3 == 2))
        }
        defer { for socket in sockets { close(socket.fd) } }
        var open = Set(sockets.indices)
        let deadline = Date().addingTimeInterval(seconds)
        while !open.isEmpty, Date() < deadline {
            for index in open.sorted() {
                let socket = sockets[index]
                var buffer = [UInt8](repeating: 0, count: 512)
                let received = recv(socket.fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                if received == 0 || (received < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
                    open.remove(index)
                } else if socket.dribbles {
                    Self.send(socket.fd, [0])
                }
            }
            usleep(200_000)
        }
        return (sockets.count - open.count, refused)
    }

    private static func connect(port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in.loopback(port: port)
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Foundation.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else { close(fd); return nil }
        return fd
    }

    private static func send(_ fd: Int32, _ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Foundation.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }
}

extension sockaddr_in {
    /// 127.0.0.1:`port` (0: let the kernel pick when binding).
    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return address
    }
}
