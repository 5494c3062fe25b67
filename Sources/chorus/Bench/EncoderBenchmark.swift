import ChorusSupport
import ML

/// The pretrained encoder's network on Chorus's engine, on 3-s log-mel patches
/// (187 frames × 96 bands) two ways, alternating run by run: one at a time
/// (each product split over the cores), and all of them as one collection
/// (`AudioEncoder.embeddings(ofPatches:threads:)`: a patch per core, as
/// `chorus features --encoder` embeds clips). The patches are seeded random
/// values in musicnn's log10(10000·x + 1) range, drawn outside the timed region.
struct EncoderBenchmark {
    let encoder: AudioEncoder
    let patches: Int
    let repeats: Int
    let threads: Int

    struct Result {
        var segmentsPerSecond: Double
        var batchedSegmentsPerSecond: Double
        /// Sum of every embedding value of the last run, so the work cannot be skipped.
        var checksum: Double
        /// Largest |batched − one at a time| over the embeddings' largest |value| (0: the same values).
        var batchedDifference: Double
    }

    static let patchSize = 187 * 96

    func run() -> Result {
        var generator = SeededGenerator(seed: 1)
        let inputs = (0..<patches).map { _ in (0..<Self.patchSize).map { _ in 3 * generator.nextUnitFloat() } }
        var single: [[Float]] = [], batched: [[Float]] = []
        func oneAtATime() { single = inputs.map(encoder.embedding(ofPatch:)) }
        func together() { batched = encoder.embeddings(ofPatches: inputs, threads: threads) }
        oneAtATime()  // warm-ups
        together()
        var rates: [Double] = [], batchedRates: [Double] = []
        for _ in 0..<repeats {
            rates.append(Double(patches) / BenchClock.seconds(oneAtATime))
            batchedRates.append(Double(patches) / BenchClock.seconds(together))
        }
        let pairs = zip(single.joined(), batched.joined())
        let largest = single.joined().reduce(0) { max($0, abs(Double($1))) }
        return Result(segmentsPerSecond: BenchClock.median(rates), batchedSegmentsPerSecond: BenchClock.median(batchedRates),
                      checksum: single.joined().reduce(0.0) { $0 + Double($1) },
                      batchedDifference: pairs.reduce(0) { max($0, abs(Double($1.0) - Double($1.1))) } / max(largest, .leastNormalMagnitude))
    }
}
