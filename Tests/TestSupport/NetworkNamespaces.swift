import Foundation

/// Whether this machine lets a test build separate network hosts: Linux network
/// namespaces joined by veth links, with traffic shaping (root or CAP_NET_ADMIN,
/// iproute2's `ip` and `tc`, a kernel with netns, veth and the tbf qdisc). Found
/// out by really trying once per test process (containers often forbid it), so a
/// test can be skipped with the reason.
public enum NetworkNamespaces {
    /// Nil when namespaces work here; otherwise the command that failed and what it said.
    public static let unavailableReason: String? = probe()

    /// Whether namespaces, veth links and tbf shaping work here.
    public static var available: Bool { unavailableReason == nil }

    /// What a skipped test prints: why namespaces cannot be used here.
    public static var skipReason: String {
        "network namespaces unavailable (needs root, iproute2 and a kernel allowing netns, veth and tbf): "
            + (unavailableReason ?? "none")
    }

    /// Runs iproute2's `tool` (`ip` or `tc`) with `arguments`.
    /// - Returns: what it printed on stdout.
    /// - Throws: `NetworkSetupError` naming the command, its status and its stderr.
    @discardableResult
    public static func run(_ tool: String, _ arguments: [String]) throws -> String {
        guard let executable = path(of: tool) else {
            throw NetworkSetupError(command: ([tool] + arguments).joined(separator: " "), status: nil,
                                    message: "\(tool) not found in \(searchPath.joined(separator: ":"))")
        }
        let result = try RunningProcess(executable, arguments).wait().result
        guard result.status == 0 else {
            throw NetworkSetupError(command: ([tool] + arguments).joined(separator: " "), status: result.status,
                                    message: result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return result.stdout
    }

    /// Where `tool` is installed, looking in the sbin folders too (not on every PATH).
    public static func path(of tool: String) -> URL? {
        searchPath.map { URL(fileURLWithPath: $0).appendingPathComponent(tool) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    private static var searchPath: [String] {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
    }

    /// Adds a namespace, a veth pair and a tbf qdisc in it, then deletes the namespace.
    private static func probe() -> String? {
        let name = "chorus-probe-\(getpid())-\(UUID().uuidString.prefix(8))"
        do {
            try run("ip", ["netns", "add", name])
        } catch {
            return "\(error)"
        }
        defer { _ = try? run("ip", ["netns", "delete", name]) }
        do {
            try run("ip", ["-n", name, "link", "add", "name", "probe0", "type", "veth", "peer", "name", "probe1"])
            try run("tc", ["-n", name, "qdisc", "add", "dev", "probe0", "root", "tbf", "rate", "1mbit", "burst", "16kb",
                           "latency", "1s"])
        } catch {
            return "\(error)"
        }
        return nil
    }
}

/// An `ip` or `tc` command that failed while building a virtual network.
public struct NetworkSetupError: Error, CustomStringConvertible {
    public var command: String
    /// The exit status, nil when the tool could not be started.
    public var status: Int32?
    public var message: String

    public var description: String {
        "`\(command)` failed" + (status.map { " with status \($0)" } ?? "") + ": \(message)"
    }
}
