import ArgumentParser
import Client
import Foundation
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

    @Option(help: "The coordinator's CA certificate (its ca.crt).")
    var ca: String

    @Option(help: "The coordinator's signing public key (its signing.pub).")
    var coordinatorKey: String

    @Option(parsing: .unconditional, help: "Decline rounds with a noise multiplier below this (0 also accepts rounds without DP).")
    var minNoiseMultiplier = 0.0

    @Option(parsing: .unconditional, help: "Decline rounds that would take the run's epsilon above this.")
    var maxEpsilon: Double?

    @Option(parsing: .unconditional, help: "Contribute to at most this many rounds.")
    var maxRounds: Int?

    @Flag(help: "Accept rounds without secure aggregation (the update is then sent in the clear).")
    var allowPlain = false

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
        if let maxEpsilon, !(maxEpsilon > 0) { throw ValidationError("--max-epsilon must be > 0.") }
        if let maxRounds, maxRounds < 1 { throw ValidationError("--max-rounds must be at least 1.") }
        guard reconnectSeconds >= 0 else { throw ValidationError("--reconnect-seconds must be >= 0.") }
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "chorus.participant")
        let (host, port) = try FeatureSource.endpoint(coordinator, flag: "--coordinator")
        let signing = try Ed25519PublicKey.load(from: URL(fileURLWithPath: coordinatorKey))
        let configuration = ParticipantConfiguration(
            host: host, port: port, identity: try IdentityDirectory(url: URL(fileURLWithPath: identity)).load(),
            trustedCA: try Certificate.load(from: URL(fileURLWithPath: ca)),
            coordinatorKey: try IdentityPublicKey(rawRepresentation: signing.rawRepresentation),
            data: try FeatureSource.load(data, cache: cache, logger: logger),
            policy: ParticipantPolicy(minimumNoiseMultiplier: minNoiseMultiplier, maximumEpsilon: maxEpsilon,
                                      maximumRounds: maxRounds, allowsPlainUpdates: allowPlain),
            reconnectWindow: .seconds(reconnectSeconds))
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
