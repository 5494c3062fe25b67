import Foundation
import Testing
import TestSupport

/// A coordinator directory with `participants` enrolled identities and a synthetic
/// corpus each, set up with the README's commands, for tests that run
/// `chorus coordinator run` and `chorus participant join` as separate processes
/// on 127.0.0.1.
struct LoopbackFederation {
    let temporary: TemporaryDirectory
    let participants: Int
    var coordinatorDirectory: String { temporary.file("coord").path }

    /// - Parameter clipsPerGenre: synthetic clips of each genre per participant.
    init(participants: Int, clipsPerGenre: Int = 1) throws {
        temporary = try TemporaryDirectory(prefix: "chorus-loopback")
        self.participants = participants
        try Self.chorus(["coordinator", "init", "--dir", temporary.file("coord").path])
        for index in 0..<participants {
            try Self.chorus(["synth", "--out", temporary.file("music\(index)").path, "--clips-per-genre", "\(clipsPerGenre)", "--seconds", "3",
                             "--seed", "\(100 + index)"])
            try Self.chorus(["keygen", "--out", temporary.file("me\(index)").path])
            try Self.chorus(["coordinator", "enroll", "--dir", temporary.file("coord").path,
                             "--participant", temporary.file("me\(index)/identity.pub").path])
        }
        try Self.chorus(["synth", "--out", temporary.file("heldout").path, "--clips-per-genre", "1", "--seconds", "3", "--seed", "99"])
    }

    static func chorus(_ arguments: [String]) throws {
        let result = try ChorusProcess.run(arguments + ["-q"])
        try #require(result.status == 0, "chorus \(arguments.joined(separator: " ")): \(result.stderr)")
    }

    /// `coordinator run` on 127.0.0.1, any free port, the tiny model, the operator's
    /// held-out clips unless `testData` is false (the participants then evaluate), then `extra`.
    func coordinatorArguments(rounds: Int, testData: Bool = true, _ extra: [String] = []) -> [String] {
        ["coordinator", "run", "--dir", coordinatorDirectory, "--listen", "127.0.0.1:0", "--rounds", "\(rounds)"]
        + (testData ? ["--test-data", temporary.file("heldout").path] : []) + ["--architecture", "tiny", "--sampling-rate", "1",
         "--noise-multiplier", "1.0", "--clip", "1", "--epsilon-budget", "100",
         "--training-deadline", TestTimeScale.argument(60), "--stage-deadline", TestTimeScale.argument(30)] + extra
    }

    /// Starts `coordinator run` and waits until it listens.
    /// - Returns: the process and its port.
    func startCoordinator(rounds: Int, testData: Bool = true, _ extra: [String] = []) throws -> (RunningProcess, Int) {
        let process = try ChorusProcess.start(coordinatorArguments(rounds: rounds, testData: testData, extra))
        try #require(process.waitForStandardError(containing: "coordinator listening", timeout: TestTimeScale.seconds(120)),
                     "the coordinator did not start: \(process.standardError)")
        return (process, try Self.port(in: process.standardError))
    }

    /// The port of the structured "coordinator listening" log line.
    static func port(in log: String) throws -> Int {
        let line = try #require(log.split(separator: "\n").first { $0.contains("coordinator listening") }, "\(log)")
        let address = try #require(line.split(separator: " ").first { $0.hasPrefix("address=") }, "\(line)")
        return try #require(address.split(separator: ":").last.flatMap { Int($0) }, "\(line)")
    }

    /// `participant join` for participant `index` against 127.0.0.1:`port`, then `extra`.
    func joinArguments(_ index: Int, port: Int, _ extra: [String] = []) -> [String] {
        ["participant", "join", "--coordinator", "127.0.0.1:\(port)", "--identity", temporary.file("me\(index)").path,
         "--data", temporary.file("music\(index)").path, "--ca", coordinatorDirectory + "/ca.crt",
         "--coordinator-key", coordinatorDirectory + "/signing.pub", "--reconnect-seconds", "0"] + extra
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }
}
