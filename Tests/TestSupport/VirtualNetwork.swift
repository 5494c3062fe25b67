import Foundation

/// Separate hosts on one machine: a coordinator's network namespace holding a
/// bridge (the switch) at 10.201.0.1/24, and one namespace per participant whose
/// `eth0` (10.201.0.11, .12, ...) is a veth link to a port `p<i>` of that bridge.
/// Processes started in a namespace see only its interfaces, so they talk over
/// real TCP through the veth links, which a test can slow down or cut.
///
/// Namespace names carry the pid and a random tag so parallel runs never collide
/// (interface names live inside the namespaces). `remove()`, also called when the
/// value is released, deletes every namespace made, and with them their links.
public final class VirtualNetwork {
    /// The coordinator's address on the private /24.
    public static let coordinatorAddress = "10.201.0.1"

    /// The coordinator's namespace.
    public let coordinator: String
    /// Participant `i`'s namespace.
    public let participants: [String]
    private var created: [String] = []

    /// Builds the coordinator's namespace and bridge and `count` linked participant namespaces.
    /// - Throws: `NetworkSetupError` for the first command that failed (what was made is removed).
    public init(participants count: Int) throws {
        let prefix = "chorus-\(getpid())-\(UUID().uuidString.prefix(8).lowercased())"
        coordinator = prefix + "-c"
        participants = (0..<count).map { "\(prefix)-p\($0)" }
        do {
            try addNamespace(coordinator)
            try ip(coordinator, "link", "add", "name", "br0", "type", "bridge")
            try ip(coordinator, "addr", "add", Self.coordinatorAddress + "/24", "dev", "br0")
            try ip(coordinator, "link", "set", "dev", "br0", "up")
            for (index, namespace) in participants.enumerated() {
                try addNamespace(namespace)
                try ip(coordinator, "link", "add", "name", port(index), "type", "veth", "peer", "name", "eth0", "netns", namespace)
                try ip(coordinator, "link", "set", "dev", port(index), "master", "br0")
                try ip(coordinator, "link", "set", "dev", port(index), "up")
                try ip(namespace, "addr", "add", participantAddress(index) + "/24", "dev", "eth0")
                try ip(namespace, "link", "set", "dev", "eth0", "up")
            }
        } catch {
            remove()
            throw error
        }
    }

    /// Participant `index`'s address.
    public func participantAddress(_ index: Int) -> String { "10.201.0.\(11 + index)" }

    /// Starts `executable` with `arguments` inside `namespace` (`ip netns exec`).
    public func start(in namespace: String, _ executable: URL, _ arguments: [String]) throws -> RunningProcess {
        guard let ip = NetworkNamespaces.path(of: "ip") else {
            throw NetworkSetupError(command: "ip netns exec \(namespace)", status: nil, message: "ip not found")
        }
        return try RunningProcess(ip, ["netns", "exec", namespace, executable.path] + arguments)
    }

    /// Shapes what participant `index` sends to `bitsPerSecond` (tbf on its `eth0`,
    /// with a queue long enough that nothing is dropped, only delayed).
    public func limitUplink(ofParticipant index: Int, bitsPerSecond: Int) throws {
        try NetworkNamespaces.run("tc", ["-n", participants[index], "qdisc", "add", "dev", "eth0", "root", "tbf",
                                         "rate", "\(bitsPerSecond)bit", "burst", "16kb", "latency", "60s"])
    }

    /// Bytes participant `index` has put on its link so far (its `eth0` counter).
    public func transmittedBytes(ofParticipant index: Int) throws -> Int {
        let text = try NetworkNamespaces.run("ip", ["-n", participants[index], "-s", "-j", "link", "show", "dev", "eth0"])
        guard let links = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]],
              let stats = links.first?["stats64"] as? [String: Any], let sent = stats["tx"] as? [String: Any],
              let bytes = sent["bytes"] as? Int else {
            throw NetworkSetupError(command: "ip -s -j link show dev eth0", status: 0, message: "no tx byte count in \(text)")
        }
        return bytes
    }

    /// Cuts participant `index`'s link at the switch: its bridge port goes down, so
    /// nothing passes either way and neither end's TCP is told.
    public func cutLink(ofParticipant index: Int) throws {
        try ip(coordinator, "link", "set", "dev", port(index), "down")
    }

    /// Deletes every namespace made (their interfaces go with them once no process runs inside).
    public func remove() {
        for namespace in created.reversed() {
            _ = try? NetworkNamespaces.run("ip", ["netns", "delete", namespace])
        }
        created = []
    }

    private func port(_ index: Int) -> String { "p\(index)" }

    private func addNamespace(_ name: String) throws {
        try NetworkNamespaces.run("ip", ["netns", "add", name])
        created.append(name)
        try ip(name, "link", "set", "dev", "lo", "up")
    }

    private func ip(_ namespace: String, _ arguments: String...) throws {
        try NetworkNamespaces.run("ip", ["-n", namespace] + arguments)
    }

    deinit {
        remove()
    }
}
