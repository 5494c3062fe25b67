import ChorusSupport
import ML

/// The pretrained encoder's network on Chorus's engine: 3-s log-mel patches
/// (187 frames × 96 bands) embedded one at a time, as `chorus features
/// --encoder` does per worker. The patches are seeded random values in
/// musicnn's log10(10000·x + 1) range, drawn outside the timed region.
struct EncoderBenchmark {
    let encoder: AudioEncoder
    let patches: Int
    let repeats: Int

    struct Result {
        var segmentsPerSecond: Double
        /// Sum of every embedding value of the last run, so the work cannot be skipped.
        var checksum: Double
    }

    static let patchSize = 187 * 96

    func run() -> Result {
        var generator = SeededGenerator(seed: 1)
        let inputs = (0..<patches).map { _ in (0..<Self.patchSize).map { _ in 3 * generator.nextUnitFloat() } }
        var checksum = 0.0
        func embedAll() {
            checksum = 0
            for patch in inputs { checksum += encoder.embedding(ofPatch: patch).reduce(0.0) { $0 + Double($1) } }
        }
        embedAll()  // warm-up
        let rates = (0..<repeats).map { _ in Double(patches) / BenchClock.seconds(embedAll) }
        return Result(segmentsPerSecond: BenchClock.median(rates), checksum: checksum)
    }
}
