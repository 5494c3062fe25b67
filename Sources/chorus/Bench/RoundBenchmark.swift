import Client
import Federation
import Foundation
import Synchronization
import Logging
import ML
import SecureAgg
import Server
import Simulation

/// The workload of `chorus bench round`: the same federation (N participants,
/// random segments, one coordinator, loopback TLS 1.3 in this process) run with
/// secure aggregation on and then off, timing each protocol step on the
/// coordinator, each participant's compute steps (wall time, summed) and the
/// process's CPU time per mode. The reference is the round with secure
/// aggregation off, measured in the same run.
struct RoundBenchmark {
    let participants: Int
    let rounds: Int
    let architecture: Architecture
    let graph: SecureAggParameters.Graph
    let training: Bool
    let privacy: Bool
    let segments: Int
    let logger: Logger

    /// One mode's timings: medians over the rounds.
    struct Mode {
        var roundSeconds: Double
        /// Coordinator wall seconds per protocol step, in protocol order.
        var stages: [(name: String, seconds: Double)]
        /// Wall time of participants' compute steps, summed over participants, per
        /// round (seconds). Wall, not CPU: with 100 participants on a few cores it
        /// includes waiting for a core, and masking runs on every core at once.
        var trainingSeconds: Double
        var privatizeSeconds: Double
        var clientStageSeconds: [String: Double]
        /// CPU time (user + system) of the whole process over this mode: coordinator and
        /// participants, their set-up and every round.
        var processCPUSeconds: Double
        var peakRSSMB: Double
        var survivors: Int

        var json: [String: Any] {
            let participantWall = ["training": trainingSeconds, "privatize": privatizeSeconds]
                .merging(clientStageSeconds) { first, _ in first }
            // "participant_cpu_seconds" is the old, wrong name of the same wall times,
            // kept because readers rely on it; "participant_wall_seconds" names them right.
            return ["round_seconds": roundSeconds, "survivors": survivors, "peak_rss_mb": peakRSSMB,
                    "stage_seconds": Dictionary(stages.map { ($0.name, $0.seconds) }, uniquingKeysWith: +),
                    "participant_cpu_seconds": participantWall, "participant_wall_seconds": participantWall,
                    "process_cpu_seconds": processCPUSeconds]
        }
    }

    /// What secure aggregation must compute per round, whatever the implementation: each
    /// participant masks its d'-word vector with one keystream per neighbour plus its self
    /// mask, and the coordinator regenerates every survivor's self mask (no one drops here).
    struct Workload {
        let neighbours: Int
        let maskedWords: Int
        let participants: Int

        /// AES-128-CTR keystream bytes of one round: N·(k+1) masks and N self masks unmasked.
        var keystreamBytesPerRound: Int { (participants * (neighbours + 1) + participants) * maskedWords * 4 }

        var json: [String: Any] {
            ["neighbours": neighbours, "masked_words": maskedWords,
             "keystream_gb_per_round": Double(keystreamBytesPerRound) / 1e9]
        }
    }

    /// The graph degree the coordinator derives for these participants (its threshold rule
    /// does not change k) and the masked vector's length.
    var workload: Workload {
        let config = options(secure: true, directory: FileManager.default.temporaryDirectory).config.secureAggregation
        let parameters = RoundSampling.parameters(members: participants, config: config, minimumSurvivors: 2)
        return Workload(neighbours: parameters.degree, maskedWords: UpdateLayout.vectorLength(dimension: architecture.parameterCount),
                        participants: participants)
    }

    func run() async throws -> (on: Mode, off: Mode) {
        let data = FederatedData.random(participants: participants, segments: segments, architecture: architecture, seed: 7)
        let shards = training ? data : FederatedData(labelNames: data.labelNames, test: nil,
                                                     shards: [FeatureSet?](repeating: nil, count: participants))
        let on = try await measure(secure: true, data: shards)
        let off = try await measure(secure: false, data: shards)
        return (on, off)
    }

    /// One mode's federation, writing into `directory`.
    private func options(secure: Bool, directory: URL) -> SimulationOptions {
        var options = SimulationOptions(participants: participants, rounds: rounds, architecture: architecture,
                                        outputDirectory: directory)
        options.config.secureAggregation.enabled = secure
        options.config.secureAggregation.graph = graph.name
        options.config.privacy.enabled = privacy
        options.config.privacy.epsilonBudget = .infinity
        options.participantPolicy.allowsPlainUpdates = !secure  // the benchmark's explicit opt-ins
        options.participantPolicy.allowsNoPrivacy = !privacy
        options.config.training.batchSize = segments
        options.config.stageDeadlineSeconds = 600
        options.config.sampling.waitSeconds = 600
        options.config.readTimeoutSeconds = 600
        return options
    }

    private func measure(secure: Bool, data: FederatedData) async throws -> Mode {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("chorus-bench-round-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var options = options(secure: secure, directory: directory)
        let compute = ComputeLog()
        let cpuBefore = ProcessCPU.seconds()
        options.participantObserver = { _, event in compute.record(event) }
        let result = try await LocalFederation.run(options, data: data, softwareVersion: ChorusVersion.current,
                                                   logger: logger)
        let cpuSeconds = ProcessCPU.seconds() - cpuBefore
        let completed = result.rounds.filter { $0.outcome == .completed }
        guard !completed.isEmpty else {
            throw ValidationErrorMessage("no round completed with secure aggregation \(secure ? "on" : "off")")
        }
        var names: [String] = []
        for round in completed { for stage in round.stageSeconds where !names.contains(stage.name) { names.append(stage.name) } }
        let stages = names.map { name in
            (name, BenchClock.median(completed.map { $0.stageSeconds.first { $0.name == name }?.seconds ?? 0 }))
        }
        let perRound = Double(completed.count)
        let totals = compute.totals
        return Mode(roundSeconds: BenchClock.median(completed.map(\.seconds)), stages: stages,
                    trainingSeconds: totals.training / perRound, privatizeSeconds: totals.privatize / perRound,
                    clientStageSeconds: totals.stages.mapValues { $0 / perRound }, processCPUSeconds: cpuSeconds,
                    peakRSSMB: MemoryUsage.read().peakMB, survivors: completed.last?.survivors ?? 0)
    }
}

/// Participants' compute steps (wall time), summed across the tasks that report them.
private final class ComputeLog: Sendable {
    struct Totals: Sendable {
        var training = 0.0
        var privatize = 0.0
        var stages: [String: Double] = [:]
    }

    private let totalsBox = Mutex(Totals())

    func record(_ event: ParticipantEvent) {
        totalsBox.withLock { totals in
            switch event {
            case let .update(_, update):
                totals.training += update.trainingSeconds
                totals.privatize += update.privatizeSeconds
            case let .answered(_, stage, seconds):
                totals.stages["client_\(stage)", default: 0] += seconds
            case .declined, .contributed, .droppedOut, .abandoned, .roundEnded:
                break
            }
        }
    }

    var totals: Totals { totalsBox.withLock { $0 } }
}

/// A benchmark failure with its message.
struct ValidationErrorMessage: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
