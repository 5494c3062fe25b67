import ArgumentParser
import Foundation

/// `chorus bench round --participants N [--json]`: wall time per round by stage
/// with secure aggregation on and off in the same run.
struct BenchRoundCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "round",
        abstract: "Time federated rounds by stage with secure aggregation on and off.",
        discussion: """
        Runs N participants and a coordinator in this process over loopback TLS 1.3 on random \
        segments, first with secure aggregation (and DP) on, then off, and reports the median round \
        and each protocol step's wall time on the coordinator, the wall time of participants' compute \
        steps summed over participants (training, privatization, each secure-aggregation answer; it \
        includes waiting for a core), and the process's CPU time per mode (coordinator and \
        participants, set-up included). overhead_ratio is the round with secure aggregation over the \
        round without. --no-training replaces local training by a synthetic update to isolate the \
        protocol. In --json, participant_wall_seconds holds the participants' wall times; \
        participant_cpu_seconds is an older name for the same wall times, kept for compatibility.

        Example:
          chorus bench round --participants 100 --rounds 2 --json
        """
    )

    @Option(parsing: .unconditional, help: "Participants N.")
    var participants = 100

    @Option(parsing: .unconditional, help: "Rounds per mode (the median is reported).")
    var rounds = 2

    @Option(help: "Model: default (the 4-block CNN, 622,154 parameters), small, tiny, or linear (band statistics, 2,650 parameters).")
    var architecture: ArchitectureChoice = .default

    @Option(help: "Secure-aggregation graph: sparse (SecAgg+) or complete (SecAgg).")
    var graph = GraphChoice.sparse

    @Option(parsing: .unconditional, help: "Random segments each participant trains on per round.")
    var segments = 4

    @Flag(help: "Skip local training: participants privatize and mask a synthetic update.")
    var noTraining = false

    @Option(help: "Differential privacy: on (noise shares) or off (quantization only).")
    var dp: Switch = .on

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (3...10_000).contains(participants) else { throw ValidationError("--participants must be 3...10000.") }
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1.") }
        guard segments >= 1 else { throw ValidationError("--segments must be at least 1.") }
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "chorus.bench.round")
        let graph = graph.graph
        let benchmark = RoundBenchmark(participants: participants, rounds: rounds, architecture: architecture.architecture,
                                       graph: graph, training: !noTraining, privacy: dp == .on, segments: segments,
                                       logger: logger)
        let (on, off) = try await benchmark.run()
        let workload = benchmark.workload
        let ratio = on.roundSeconds / off.roundSeconds
        if output.json {
            try output.printJSON([
                "participants": participants, "dimension": architecture.architecture.parameterCount, "graph": graph.name,
                "training": !noTraining, "dp": dp == .on, "secagg_on": on.json, "secagg_off": off.json, "overhead_ratio": ratio,
                "secagg_workload": workload.json,
            ])
            return
        }
        print("participants \(participants), d = \(architecture.architecture.parameterCount), graph \(graph.name), training \(noTraining ? "off" : "on"), DP \(dp)")
        print("step                 secagg on (s)   secagg off (s)")
        var names = on.stages.map(\.name)
        for stage in off.stages where !names.contains(stage.name) { names.append(stage.name) }
        for name in names {
            let first = on.stages.first { $0.name == name }.map { String(format: "%.3f", $0.seconds) } ?? "-"
            let second = off.stages.first { $0.name == name }.map { String(format: "%.3f", $0.seconds) } ?? "-"
            print(name.padding(toLength: 21, withPad: " ", startingAt: 0) + first.padding(toLength: 16, withPad: " ", startingAt: 0) + second)
        }
        print("round                \(String(format: "%.3f", on.roundSeconds).padding(toLength: 16, withPad: " ", startingAt: 0))\(String(format: "%.3f", off.roundSeconds))")
        print("participant wall time, summed (secagg on): training \(String(format: "%.2f", on.trainingSeconds)) s, privatize \(String(format: "%.2f", on.privatizeSeconds)) s, "
              + on.clientStageSeconds.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.2f", $0.value)) s" }.joined(separator: ", "))
        print("process CPU per mode (set-up and \(rounds) rounds): secagg on \(String(format: "%.2f", on.processCPUSeconds)) s, off \(String(format: "%.2f", off.processCPUSeconds)) s")
        print("secure aggregation's keystream per round: \(String(format: "%.2f", Double(workload.keystreamBytesPerRound) / 1e9)) GB "
              + "(k = \(workload.neighbours) neighbours, \(workload.maskedWords) masked words each)")
        print("overhead_ratio \(String(format: "%.3f", ratio)) (secure aggregation on / off); peak RSS \(String(format: "%.0f", on.peakRSSMB)) MB")
    }
}
