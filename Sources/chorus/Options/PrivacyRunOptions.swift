import ArgumentParser
import DifferentialPrivacy

extension AccountantKind: ExpressibleByArgument {}

/// `--sampling-rate`, `--rounds`, `--delta` and `--accountant`: what every
/// privacy computation needs besides the noise.
struct PrivacyRunOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Poisson sampling rate q of participants per round, 0 < q <= 1.")
    var samplingRate: Double

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

    func validate() throws {
        guard samplingRate > 0, samplingRate <= 1 else {
            throw ValidationError("--sampling-rate is \(samplingRate); pass a rate with 0 < q <= 1.")
        }
        guard rounds >= 1 else {
            throw ValidationError("--rounds is \(rounds); pass at least 1 round.")
        }
        guard delta > 0, delta < 1 else {
            throw ValidationError("--delta is \(delta); pass a delta with 0 < delta < 1, such as 1e-5.")
        }
    }
}
