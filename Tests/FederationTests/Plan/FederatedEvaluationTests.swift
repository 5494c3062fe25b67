import DifferentialPrivacy
import Federation
import Testing
import TestSupport

/// The participants' evaluation counts: how they are laid out, bounded, scaled
/// into the update vector and read back, and the joint mechanism they ride in.
struct FederatedEvaluationTests {
    static let evaluation = FederatedEvaluation(classes: 3, maximumClips: 7, heldOutFraction: 0.25, noiseRatio: 2)

    /// What must hold: decoding the encoded counts of `survivors` participants'
    /// mean (as the coordinator's decode gives it) returns their summed counts, and
    /// the accuracy is Σ correct / Σ total.
    @Test func encodedCountsDecodeToTheirSum() {
        let a = EvaluationCounts(correct: [1, 0, 2], total: [2, 1, 4])
        let b = EvaluationCounts(correct: [0, 3, 0], total: [0, 3, 1])
        let scale = Self.evaluation.countScale(clipNorm: 0.5)
        let mean = zip(a.encoded(scale: scale), b.encoded(scale: scale)).map { ($0 + $1) / 2 }
        let decoded = NoisedEvaluationCounts(released: mean[...], survivors: 2, scale: scale)
        // float32 of values near 1e-1 with scale ~1e-2: relative 1e-6.
        for (value, expected) in zip(decoded.correct + decoded.total, [1.0, 3, 2, 2, 4, 5]) {
            #expect(abs(value - expected) < 1e-4, "\(decoded)")
        }
        #expect(abs((decoded.accuracy ?? -1) - 6.0 / 11.0) < 1e-5)
        #expect(abs(decoded.clips - 11) < 1e-4)
    }

    /// What must hold: no counts of at most n clips exceed B = √2·n in L2 norm (seeded
    /// random counts, every split of the clips), and all n clips of one class, all
    /// right, reach it: B is the sensitivity, not a loose guess.
    @Test func sensitivityBoundsEveryParticipantsCountsAndIsReached() {
        let evaluation = Self.evaluation
        var generator = SplitMix64(seed: 11)
        for seed in 0..<500 {
            let clips = Int(generator.next() % UInt64(evaluation.maximumClips + 1))
            var total = [0, 0, 0], correct = [0, 0, 0]
            for _ in 0..<clips {
                let label = Int(generator.next() % 3)
                total[label] += 1
                if generator.next() % 2 == 0 { correct[label] += 1 }
            }
            let counts = EvaluationCounts(correct: correct, total: total)
            #expect(counts.norm <= evaluation.sensitivity + 1e-12, "seed \(seed): \(counts)")
        }
        let worst = EvaluationCounts(correct: [7, 0, 0], total: [7, 0, 0])
        #expect(abs(worst.norm - evaluation.sensitivity) < 1e-12)
        // Scaled into the vector, the worst case is E = C/r: the joint clip C' = sqrt(C² + E²) is not binding.
        let scaled = worst.encoded(scale: evaluation.countScale(clipNorm: 0.5)).reduce(0.0) { $0 + Double($1) * Double($1) }
        #expect(abs(scaled.squareRoot() - 0.25) < 1e-6)
    }

    /// What must hold: with evaluation the mechanism spans the update and the counts
    /// (d + 2K values), its clip is C' = sqrt(C² + (C/r)²), the update's noise stays
    /// z·C, and it is accounted at z' with 1/z'² = 1/z² + 1/(r·z)²: a larger epsilon
    /// than the update alone, at the same noise on the update.
    @Test func theJointMechanismCoversTheCountsAndCostsEpsilon() throws {
        let plain = QuantizationParameters(clipNorm: 0.5, noiseMultiplier: 1.2, expectedParticipants: 8, minimumSurvivors: 6,
                                           assumedColluders: 1)
        var joint = plain
        joint.evaluation = Self.evaluation
        let update = try plain.mechanism(dimension: 1000)
        let both = try joint.mechanism(dimension: 1000)
        #expect(both.dimension == 1000 + 6)
        #expect(abs(both.clipNorm - (0.25 + 0.0625).squareRoot()) < 1e-12)
        #expect(abs(1 / (both.noiseMultiplier * both.noiseMultiplier) - (1 / 1.44 + 1 / (2.4 * 2.4))) < 1e-9)
        #expect(abs(both.noiseMultiplier * both.clipNorm - 1.2 * 0.5) < 1e-12)
        #expect(joint.releasedNoiseMultiplier == both.noiseMultiplier)
        var alone = PrivacyAccountant(), with = PrivacyAccountant()
        for _ in 0..<10 {
            try alone.addRound(of: update, sampling: .poisson(rate: 1), noisySurvivors: 6)
            try with.addRound(of: both, sampling: .poisson(rate: 1), noisySurvivors: 6)
        }
        let withoutEvaluation = try alone.epsilon(delta: 1e-5, accountant: .rdp)
        let withEvaluation = try with.epsilon(delta: 1e-5, accountant: .rdp)
        #expect(withEvaluation > withoutEvaluation * 1.05, "\(withEvaluation) vs \(withoutEvaluation)")
    }

    /// What must hold: a plan asking for evaluation says so on the wire and decodes
    /// equal; an unknown presence flag and a model with another class count are refused.
    @Test func aPlanWithEvaluationRoundTripsAndIsChecked() throws {
        let fixture = try PlanFixture(secure: false)
        var plan = fixture.plan
        plan.quantization.evaluation = FederatedEvaluation(classes: PlanFixture.architecture.classes, maximumClips: 7,
                                                           heldOutFraction: 0.25, noiseRatio: 2)
        #expect(try RoundPlan.decode(plan.encode()[...]) == plan)

        var other = plan
        other.quantization.evaluation?.classes = 5
        #expect(throws: FederationError.self) { try RoundPlan.decode(other.encode()[...]) }

        // The presence flag is the first byte where the plans with and without evaluation differ.
        var without = fixture.plan.encode()
        let with = plan.encode()
        let flag = try #require(zip(without, with).enumerated().first { $0.element.0 != $0.element.1 }?.offset)
        #expect(without[flag] == 0 && with[flag] == 1)
        #expect(try RoundPlan.decode(without[...]).quantization.evaluation == nil)
        without[flag] = 2
        #expect(throws: FederationError.invalidField(field: "plan.evaluation", reason: "unknown presence flag 2")) {
            try RoundPlan.decode(without[...])
        }
    }
}
