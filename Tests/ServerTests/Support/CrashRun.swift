import ChorusSupport
import Foundation
import SecureAgg
import TestSupport

/// A coordinator directory with enrolled participants and a tiny synthetic
/// corpus, set up through the `chorus` command line, for tests that run the
/// coordinator and participants as separate processes and kill them.
struct CrashRun {
    let directory: TemporaryDirectory
    let participants: Int
    let port: Int
    /// The environment variable that arms a crash point in the `chorus` under test.
    private let crashVariable: String

    /// `CrashPoint`'s variable, when this build (and the `chorus` built with it) has crash points.
    private static var crashVariable: String? {
        #if CHORUS_FAULT_INJECTION
        CrashPoint.environmentVariable
        #else
        nil
        #endif
    }

    var coordinatorDirectory: URL { directory.url.appendingPathComponent("coord") }
    var features: URL { directory.url.appendingPathComponent("corpus.features") }
    var checkpointURL: URL { coordinatorDirectory.appendingPathComponent("checkpoint.bin") }
    var reportURL: URL { coordinatorDirectory.appendingPathComponent("privacy-report.jsonl") }
    var modelURL: URL { coordinatorDirectory.appendingPathComponent("model.chorus") }

    init(participants: Int) throws {
        guard let variable = Self.crashVariable else {
            throw FileError.io(path: ChorusProcess.executable.path, reason: """
                built without crash points: run these tests in a debug build, or build them with \
                CHORUS_FAULT_INJECTION=1 in the environment (scripts/test.sh does)
                """)
        }
        crashVariable = variable
        directory = try TemporaryDirectory(prefix: "chorus-crash")
        self.participants = participants
        port = try Self.freePort()
        let corpus = directory.url.appendingPathComponent("corpus").path
        try Self.chorus(["synth", "--out", corpus, "--clips-per-genre", "1", "--seconds", "3", "--seed", "5"])
        try Self.chorus(["features", "--data", corpus, "--out", features.path])
        try Self.chorus(["coordinator", "init", "--dir", coordinatorDirectory.path, "--host", "127.0.0.1"])
        for index in 0..<participants {
            let identity = directory.url.appendingPathComponent("p\(index)")
            try Self.chorus(["keygen", "--out", identity.path])
            try Self.chorus(["coordinator", "enroll", "--dir", coordinatorDirectory.path,
                             "--participant", identity.appendingPathComponent("identity.pub").path])
        }
    }

    /// Starts the coordinator for a run of `rounds` with secure aggregation and
    /// DP on, armed to die at `crashAt` (a `CrashPoint` name[#hit]) when given.
    func startCoordinator(rounds: Int = 3, crashAt: String?) throws -> ChorusProcess.Running {
        try ChorusProcess.start(
            ["coordinator", "run", "--dir", coordinatorDirectory.path, "--listen", "127.0.0.1:\(port)",
             "--test-data", features.path, "--architecture", "small", "--rounds", "\(rounds)", "--secagg", "on", "--dp", "on",
             "--noise-multiplier", "0.5", "--clip", "1", "--epsilon-budget", "1000", "--epochs", "1",
             "--stage-deadline", TestTimeScale.argument(20), "--training-deadline", TestTimeScale.argument(60)],
            environment: crashAt.map { [crashVariable: $0] } ?? [:])
    }

    /// Starts every participant; each keeps reconnecting for a minute after
    /// losing the coordinator. `crashAt` arms crash points by participant index.
    func startParticipants(crashAt: [Int: String] = [:]) throws -> [ChorusProcess.Running] {
        try (0..<participants).map { index in
            try ChorusProcess.start(
                ["participant", "join", "--coordinator", "127.0.0.1:\(port)",
                 "--identity", directory.url.appendingPathComponent("p\(index)").path, "--data", features.path,
                 "--ca", coordinatorDirectory.appendingPathComponent("ca.crt").path,
                 "--coordinator-key", coordinatorDirectory.appendingPathComponent("signing.pub").path,
                 "--reconnect-seconds", TestTimeScale.argument(60),
                 // As the coordinator's --epsilon-budget 1000: restarts may add rounds past the default cap.
                 "--max-epsilon", "1000"],
                environment: crashAt[index].map { [crashVariable: $0] } ?? [:])
        }
    }

    /// The coordinator's public signing key.
    func coordinatorKey() throws -> Ed25519PublicKey {
        let text = String(decoding: try AtomicFile.read(coordinatorDirectory.appendingPathComponent("signing.pub")), as: UTF8.self)
        return try Ed25519PublicKey(rawRepresentation: Hex.decode(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? [])
    }

    /// Temporary files an atomic writer left beside the checkpoint.
    func temporaryFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: coordinatorDirectory.path)) ?? [])
            .filter { $0.hasPrefix(".checkpoint.bin.") && $0.hasSuffix(".tmp") }
    }

    private static func chorus(_ arguments: [String]) throws {
        let result = try ChorusProcess.run(arguments)
        guard result.status == 0 else {
            throw FileError.io(path: arguments.joined(separator: " "), reason: "exit \(result.status): \(result.stderr)")
        }
    }

    /// A TCP port nothing listens on now (the kernel's pick for port 0).
    private static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw FileError.io(path: "socket", reason: "cannot open a socket") }
        defer { close(socket) }
        var address = sockaddr_in.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(socket, raw, length) == 0 && getsockname(socket, raw, &length) == 0
            }
        }
        guard bound else { throw FileError.io(path: "socket", reason: "cannot bind to a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
