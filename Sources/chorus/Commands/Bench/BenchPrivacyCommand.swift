import ArgumentParser
import DifferentialPrivacy

/// `chorus bench privacy`: time to account heterogeneous rounds by RDP and
/// PLD, against dp-accounting 0.6.0 measured in the same run.
struct BenchPrivacyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privacy",
        abstract: "Time accounting of 10,000 heterogeneous rounds against dp-accounting (Python).",
        discussion: """
        Example:
          chorus bench privacy --json
        """
    )

    @Option(parsing: .unconditional, help: "Number of rounds to account.")
    var rounds = 10_000

    @Option(parsing: .unconditional, help: "Repeats of each timed run (the median is reported).")
    var repeats = 3

    @Option(help: "Python interpreter with dp-accounting 0.6.0 installed (scripts/bench-privacy.sh makes one).")
    var python = "python3"

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard rounds >= 1 else { throw ValidationError("--rounds is \(rounds); pass at least 1.") }
        guard repeats >= 1 else { throw ValidationError("--repeats is \(repeats); pass at least 1.") }
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "chorus.bench")
        let delta = 1e-5
        let bench = PrivacyBench(rounds: PrivacyBench.schedule(count: rounds), delta: delta)
        _ = try bench.measure(.rdp, repeats: 1) // warm-up
        let rdp = try bench.measure(.rdp, repeats: repeats)
        let pld = try bench.measure(.pld, repeats: repeats)
        logger.info("bench.privacy.reference")
        let reference = try await DPAccountingReference(python: python)
            .run(rounds: bench.rounds, delta: delta, repeats: repeats)
        let report: [String: Any] = [
            "rounds": rounds, "delta": delta,
            "distinct_round_kinds": Set(bench.rounds.map { "\($0.q)/\($0.z)" }).count,
            "rdp_seconds": rdp.seconds, "rdp_epsilon": rdp.epsilon,
            "pld_seconds": pld.seconds, "pld_epsilon": pld.epsilon,
            "dp_accounting_version": reference.version,
            "dp_accounting_rdp_seconds": reference.rdpSeconds, "dp_accounting_rdp_epsilon": reference.rdpEpsilon,
            "dp_accounting_pld_seconds": reference.pldSeconds, "dp_accounting_pld_epsilon": reference.pldEpsilon,
            "rdp_speedup": reference.rdpSeconds / rdp.seconds,
            "pld_speedup": reference.pldSeconds / pld.seconds,
        ]
        if output.json {
            try output.printJSON(report)
        } else {
            print("accounting \(rounds) heterogeneous rounds (delta \(delta)):")
            print("  RDP: chorus \(rdp.seconds) s, dp-accounting \(reference.rdpSeconds) s, "
                  + "speed-up \(reference.rdpSeconds / rdp.seconds)x; epsilon \(rdp.epsilon) vs \(reference.rdpEpsilon)")
            print("  PLD: chorus \(pld.seconds) s, dp-accounting \(reference.pldSeconds) s, "
                  + "speed-up \(reference.pldSeconds / pld.seconds)x; epsilon \(pld.epsilon) vs \(reference.pldEpsilon)")
        }
    }
}
