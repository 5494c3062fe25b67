import Foundation

/// Runs dp-accounting (Python) on the same rounds, timing inside Python so
/// interpreter start-up and imports are not counted. dp-accounting composes
/// rounds with equal (q, z) as one `SelfComposedDpEvent`, which is its fast
/// path, just as our accountant groups them.
struct DPAccountingReference {
    var python: String

    struct Result: Decodable {
        var version: String
        var rdpSeconds: Double
        var rdpEpsilon: Double
        var pldSeconds: Double
        var pldEpsilon: Double

        enum CodingKeys: String, CodingKey {
            case version
            case rdpSeconds = "rdp_seconds", rdpEpsilon = "rdp_epsilon"
            case pldSeconds = "pld_seconds", pldEpsilon = "pld_epsilon"
        }
    }

    enum Failure: Error, CustomStringConvertible {
        case failed(python: String, status: Int32, stderr: String)
        var description: String {
            switch self {
            case let .failed(python, status, stderr):
                return "\(python) running the dp-accounting reference exited with status \(status): "
                    + "\(stderr.suffix(600)) (run scripts/bench-privacy.sh, which installs dp-accounting 0.6.0 in a venv)"
            }
        }
    }

    static let script = """
    import collections, json, sys, time
    import dp_accounting
    from dp_accounting.rdp import rdp_privacy_accountant
    from dp_accounting.pld import pld_privacy_accountant
    job = json.load(sys.stdin)
    def event():
        groups = collections.Counter((r["q"], r["z"]) for r in job["rounds"])
        return dp_accounting.ComposedDpEvent([
            dp_accounting.SelfComposedDpEvent(
                dp_accounting.PoissonSampledDpEvent(q, dp_accounting.GaussianDpEvent(z)), n)
            for (q, z), n in groups.items()])
    def timed(make, repeats):
        times, eps = [], None
        for _ in range(repeats):
            start = time.perf_counter()
            accountant = make()
            accountant.compose(event())
            eps = accountant.get_epsilon(job["delta"])
            times.append(time.perf_counter() - start)
        return sorted(times)[len(times) // 2], eps
    rdp_s, rdp_eps = timed(rdp_privacy_accountant.RdpAccountant, job["repeats"])
    pld_s, pld_eps = timed(pld_privacy_accountant.PLDAccountant, 1)
    from importlib.metadata import version
    print(json.dumps({"version": version("dp-accounting"), "rdp_seconds": rdp_s, "rdp_epsilon": rdp_eps,
                      "pld_seconds": pld_s, "pld_epsilon": pld_eps}))
    """

    func run(rounds: [PrivacyBench.Round], delta: Double, repeats: Int) async throws -> Result {
        struct Job: Encodable { var rounds: [PrivacyBench.Round]; var delta: Double; var repeats: Int }
        let input = try JSONEncoder().encode(Job(rounds: rounds, delta: delta, repeats: repeats))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-c", Self.script]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        // Drain stderr concurrently so a chatty child never blocks on a full pipe.
        let errorReader = Task.detached { stderr.fileHandleForReading.readDataToEndOfFile() }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = await errorReader.value
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure.failed(python: python, status: process.terminationStatus,
                                 stderr: String(decoding: errors, as: UTF8.self))
        }
        return try JSONDecoder().decode(Result.self, from: output)
    }
}
