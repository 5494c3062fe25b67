import ArgumentParser
import Foundation
import Server
import Transport

/// `chorus coordinator status --dir DIR [--json]`: a running or finished run's state.
struct CoordinatorStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a coordinator run's state: rounds done, participants connected, epsilon spent, last accuracy.",
        discussion: """
        Reads status.json, which `chorus coordinator run` rewrites while it waits for participants, after \
        each round and when the run ends; a run whose process is gone is shown as stopped.

        Examples:
          chorus coordinator status --dir coord
          chorus coordinator status --dir coord --out runs/2 --json
        """
    )

    @OptionGroup var coordinator: CoordinatorDirectoryOptions

    @Option(help: ArgumentHelp("The run's output directory, if `coordinator run` was given --out (default: --dir).", valueName: "dir"))
    var out: String?

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let runDirectory = URL(fileURLWithPath: out ?? coordinator.dir, isDirectory: true)
        let file = runDirectory.appendingPathComponent(CoordinatorStatus.fileName)
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw ValidationError("no run has started in \(runDirectory.path) (no \(CoordinatorStatus.fileName)): "
                                  + "start one with `chorus coordinator run --dir \(coordinator.dir) ...`.")
        }
        let status: CoordinatorStatus
        do { status = try CoordinatorStatus.load(from: runDirectory) } catch {
            throw ValidationError("\(file.path) is not a coordinator status file: \(error)")
        }
        let alive = CoordinatorStatus.coordinatorIsRunning(in: runDirectory)
        let phase = status.phase != .finished && !alive ? "stopped" : status.phase.rawValue
        let connected = alive ? status.connected : 0
        if output.json {
            var object: [String: Any] = [
                "phase": phase, "address": status.address, "rounds": status.rounds, "started_rounds": status.startedRounds,
                "applied_rounds": status.appliedRounds, "enrolled": status.enrolled, "connected": connected,
                "delta": status.delta, "updated_at": ISO8601DateFormatter().string(from: status.updatedAt),
            ]
            if let epsilon = status.epsilon { object["epsilon"] = epsilon }
            if let accuracy = status.lastTestAccuracy { object["last_test_accuracy"] = accuracy }
            if let accuracy = status.lastFederatedAccuracy { object["last_federated_accuracy"] = accuracy }
            try output.printJSON(object)
            return
        }
        print("run in \(runDirectory.path): \(phase)" + (alive ? " (listening on \(status.address))" : ""))
        print("rounds: \(status.appliedRounds) applied, \(status.startedRounds) started of \(status.rounds)")
        print("participants: \(connected) of \(status.enrolled) enrolled connected")
        print("epsilon: " + (status.epsilon.map { "\(RoundTable.significant($0)) at delta \(status.delta)" } ?? "- (no differential privacy)"))
        print("last test accuracy: " + (status.lastTestAccuracy.map { String(format: "%.1f%%", 100 * $0) } ?? "-"))
        if let accuracy = status.lastFederatedAccuracy {
            print("last federated accuracy (noised, the last round's start model): " + String(format: "%.1f%%", 100 * accuracy))
        }
        print("updated \(ISO8601DateFormatter().string(from: status.updatedAt))")
    }
}
