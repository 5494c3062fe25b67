import ArgumentParser
import ChorusSupport
import DifferentialPrivacy

extension AccountantKind: ExpressibleByArgument {}

/// `--sampling-rate` or `--sample-size` with `--population`, `--rounds`,
/// `--delta` and `--accountant`: what every privacy computation needs besides the noise.
struct PrivacyRunOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Poisson sampling rate q of participants per round, 0 < q <= 1 (add-or-remove-one adjacency).")
    var samplingRate: Double?

    @Option(parsing: .unconditional, help: "Participants per round drawn without replacement from --population (replace-one adjacency: the sensitivity is twice the clip norm); instead of --sampling-rate.")
    var sampleSize: Int?

    @Option(parsing: .unconditional, help: "Enrolled participants N that --sample-size draws from.")
    var population: Int?

    @Option(parsing: .unconditional, help: "Number of rounds T, at least 1.")
    var rounds: Int

    @Option(parsing: .unconditional, help: "Target delta, 0 < delta < 1 (e.g. 1e-5).")
    var delta: Double

    @Option(help: "Accountant: rdp (Rényi DP) or pld (privacy loss distributions, tighter).")
    var accountant: AccountantKind = .rdp

    /// Throws a `ValidationError` naming `flag` unless `value` is finite and positive.
    static func requirePositive(_ value: Double, flag: String) throws {
        guard value > 0, value.isFinite else {
            throw ValidationError("\(flag) is \(value); pass a finite value > 0.")
        }
    }

    /// The sampling the flags describe (valid after `validate()`).
    var sampling: SamplingScheme {
        if let sampleSize, let population { return .withoutReplacement(sampleSize: sampleSize, population: population) }
        return .poisson(rate: samplingRate ?? 1)
    }

    /// The sampling for printing: "q = 0.1" or "m = 100 of N = 1000".
    var samplingDescription: String {
        switch sampling {
        case .poisson(let q): "q = \(q)"
        case let .withoutReplacement(m, n): "m = \(m) of N = \(n) without replacement"
        }
    }

    /// "delta 1e-05 (rdp) for 100 rounds, q = 0.1": the run an epsilon is stated for.
    var statement: String {
        "delta \(delta) (\(accountant.rawValue)) for \(Plural.count(rounds, "round")), \(samplingDescription)"
    }

    func validate() throws {
        switch (samplingRate, sampleSize, population) {
        case (let q?, nil, nil):
            guard q > 0, q <= 1 else {
                throw ValidationError("--sampling-rate is \(q); pass a rate with 0 < q <= 1.")
            }
        case (nil, let m?, let n?):
            guard n >= 1, m >= 1, m <= n else {
                throw ValidationError("--sample-size \(m) of --population \(n); pass 1 <= m <= N.")
            }
            guard accountant == .rdp else {
                throw ValidationError("--accountant pld covers Poisson sampling only; use --accountant rdp with --sample-size.")
            }
        default:
            throw ValidationError("pass either --sampling-rate q, or --sample-size m with --population N.")
        }
        guard rounds >= 1 else {
            throw ValidationError("--rounds is \(rounds); pass at least 1 round.")
        }
        guard delta > 0, delta < 1 else {
            throw ValidationError("--delta is \(delta); pass a delta with 0 < delta < 1, such as 1e-5.")
        }
    }
}
