import ArgumentParser
import ChorusSupport
import Client
import Foundation
import ML
import SecureAgg
import Transport

/// `chorus participant join --coordinator HOST:PORT --identity DIR --data DIR ...`.
struct ParticipantJoinCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "join",
        abstract: "Join a coordinator and take part in its rounds until the run ends.",
        discussion: """
        Connects over mutual TLS 1.3 with the identity from `chorus keygen`, trusting only --ca. Each \
        round plan must be signed by --coordinator-key (the coordinator's signing.pub); plans that \
        break this participant's policy are declined with the reason. Updates are trained locally, \
        clipped, noised, quantized and masked: only their sum leaves the coordinator's reach.

        Example:
          chorus participant join --coordinator coord.example.org:7400 --identity me --data my-music \\
              --ca ca.crt --coordinator-key signing.pub --min-noise-multiplier 0.8 --max-epsilon 8
        """
    )

    @Option(help: "The coordinator's address, HOST:PORT.")
    var coordinator: String

    @Option(help: "Identity directory made by `chorus keygen`.")
    var identity: String

    @Option(help: "This participant's audio folder (GTZAN layout) or feature file.")
    var data: String

    @Option(help: "Feature cache file: written after the first extraction from an audio folder, reused after.")
    var cache: String?

    @Option(help: ArgumentHelp("Encoder file (from `chorus encoder import`): this participant's features are its embeddings.",
                               discussion: "--data is then an audio folder (embedded here) or an embedding cache from `chorus features --encoder`. Rounds whose plan trains a head on another encoder (its digest differs) or on log-mel features are declined, naming both."))
    var encoder: String?

    @Option(help: "The coordinator's CA certificate (its ca.crt).")
    var ca: String

    @Option(help: "The coordinator's signing public key (its signing.pub).")
    var coordinatorKey: String

    @Option(parsing: .unconditional, help: "Decline rounds with a noise multiplier below this.")
    var minNoiseMultiplier = 0.0

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Decline rounds that would take this participant's own epsilon above this.",
        discussion: "Computed from its own ledger (identity DIR/ledger.json) at --delta, every contributed round at "
            + "sampling rate 1: a participant cannot verify how it was sampled, so it assumes no amplification."))
    var maxEpsilon = ParticipantPolicy.defaultMaximumEpsilon

    @Option(parsing: .unconditional, help: "The delta at which this participant states and caps its own epsilon.")
    var delta = ParticipantPolicy.defaultDelta

    @Option(help: ArgumentHelp(
        "Participants assumed to collude with the coordinator in each round: a fraction of the round's members (0.1) or a count (3).",
        discussion: "Sets the lowest secure-aggregation threshold accepted (t >= floor((n + C)/2) + 1 on the complete "
            + "graph, per neighbourhood on the sparse one) and the noise this participant counts on (the survivors "
            + "the noise is sized for, less its own share and C)."))
    var assumeColluders = "0.1"

    @Option(parsing: .unconditional, help: "Contribute to at most this many rounds.")
    var maxRounds: Int?

    @Flag(help: "Accept rounds without secure aggregation (the update is then sent in the clear).")
    var allowPlain = false

    @Flag(help: "Accept rounds without DP noise (the sum then carries no noise: this participant's epsilon becomes infinite).")
    var allowNoDp = false

    @Flag(help: ArgumentHelp(
        "Accept rounds masked over the sparse graph (SecAgg+), trusting the coordinator to draw its seed at random.",
        discussion: "The sparse graph bounds the colluders among a participant's neighbours only for a random seed; "
            + "the coordinator draws it, and one that grinds seeds can surround a participant with its colluders "
            + "and unmask its update. Without this flag such rounds are declined."))
    var allowSparseGraph = false

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Seconds to keep trying while the coordinator is unreachable (0: exit at once).",
        discussion: "Covers a coordinator not started yet, restarting or cut off by the network: a restarted "
            + "coordinator resumes its run from its checkpoint, and participants that reconnect in this "
            + "window take part in its next rounds. Refusals (a key not enrolled, a wrong CA) end at once."))
    var reconnectSeconds = 300

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        _ = try FeatureSource.endpoint(coordinator, flag: "--coordinator")
        guard minNoiseMultiplier >= 0 else { throw ValidationError("--min-noise-multiplier must be >= 0.") }
        guard maxEpsilon > 0 else { throw ValidationError("--max-epsilon must be > 0.") }
        guard delta > 0, delta < 1 else { throw ValidationError("--delta must be in (0, 1).") }
        _ = try collusion()
        if encoder != nil, cache != nil {
            throw ValidationError("--cache keeps log-mel features; with --encoder pass the embedding cache as --data.")
        }
        if let maxRounds, maxRounds < 1 { throw ValidationError("--max-rounds must be at least 1.") }
        guard reconnectSeconds >= 0 else { throw ValidationError("--reconnect-seconds must be >= 0.") }
    }

    /// `--assume-colluders` as a count (an integer) or a fraction in [0, 1).
    func collusion() throws -> CollusionAssumption {
        if let count = Int(assumeColluders), count >= 0 { return .count(count) }
        guard let fraction = Double(assumeColluders), fraction >= 0, fraction < 1 else {
            throw ValidationError("--assume-colluders must be a count (an integer >= 0) or a fraction in [0, 1); is \(assumeColluders).")
        }
        return .fraction(fraction)
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "chorus.participant")
        let (host, port) = try FeatureSource.endpoint(coordinator, flag: "--coordinator")
        let signing = try Ed25519PublicKey.load(from: URL(fileURLWithPath: coordinatorKey))
        let encoder = try self.encoder.map { AudioEncoder(try EncoderFile.load(from: URL(fileURLWithPath: $0))) }
        let policy = ParticipantPolicy(minimumNoiseMultiplier: minNoiseMultiplier, maximumEpsilon: maxEpsilon, delta: delta,
                                       maximumRounds: maxRounds, allowsPlainUpdates: allowPlain, allowsNoPrivacy: allowNoDp,
                                       allowsSparseGraph: allowSparseGraph, collusion: try collusion(),
                                       encoderDigest: encoder?.digestBytes)
        let identityURL = URL(fileURLWithPath: identity, isDirectory: true)
        let ledgerURL = ParticipantLedger.url(in: identityURL)
        let ledger = try ParticipantLedger.load(from: ledgerURL)
        let json = output.json
        if !json {
            print("policy: own epsilon at most \(maxEpsilon) at delta \(delta), no amplification assumed "
                + "(\(ledger.rounds) rounds in \(ledgerURL.path), epsilon \(try ledger.epsilon(delta: delta)) so far); "
                + "colluders assumed: \(policy.collusion.description); rounds without DP: \(allowNoDp ? "accepted" : "declined"); "
                + "without secure aggregation: \(allowPlain ? "accepted" : "declined"); "
                + "sparse graph: \(allowSparseGraph ? "accepted" : "declined")")
        }
        let configuration = ParticipantConfiguration(
            host: host, port: port, identity: try IdentityDirectory(url: identityURL).load(),
            trustedCA: try Certificate.load(from: URL(fileURLWithPath: ca)),
            coordinatorKey: signing,
            data: try FeatureSource.load(data, cache: cache, encoder: encoder, logger: logger), policy: policy, stateDirectory: identityURL,
            reconnectWindow: .seconds(reconnectSeconds),
            observer: { event in
                guard !json, case let .contributed(round, std, epsilon, delta) = event else { return }
                print("round \(round): added noise of std \(std) (update units); own epsilon \(epsilon) at delta \(delta)")
            })
        let summary = try await Participant(configuration: configuration, logger: logger).run()
        if output.json {
            try output.printJSON(["contributed": summary.contributed, "aborted": summary.aborted, "declined": summary.declined,
                                  "abandoned": summary.abandoned])
        } else {
            print("run over: contributed to \(Plural.count(summary.contributed, "round")) the coordinator applied; "
                  + "\(summary.aborted) aborted by the coordinator, \(summary.declined) declined, \(summary.abandoned) abandoned")
        }
    }
}
