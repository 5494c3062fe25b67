import Foundation

/// How much slower than a normal release build the tests run: deadlines and
/// timeouts that tests give the coordinator are multiplied by it, so a
/// sanitizer build (10-50x slower) is judged on correctness, not speed.
/// Set with `CHORUS_TEST_TIME_SCALE` (default 1; scripts/sanitizers.sh sets it).
public enum TestTimeScale {
    public static let factor: Double = {
        guard let text = ProcessInfo.processInfo.environment["CHORUS_TEST_TIME_SCALE"], let value = Double(text),
              value >= 1 else { return 1 }
        return value
    }()

    /// `seconds` stretched by the factor.
    public static func seconds(_ seconds: Double) -> Double { seconds * factor }

    /// `seconds` stretched by the factor, as a command-line argument.
    public static func argument(_ seconds: Double) -> String { String(Int((seconds * factor).rounded(.up))) }
}
