import Client
import DifferentialPrivacy
import Federation
import ML
import SecureAgg
import Testing
import TestSupport

/// A participant's evaluation counts (`FederatedEvaluation`): what it counts, and
/// that they leave it only inside the privatized vector, noised when DP is on.
struct LocalUpdateEvaluationTests {
    static let evaluation = FederatedEvaluation(classes: 2, maximumClips: 3, heldOutFraction: 0.5, noiseRatio: 2)

    /// 12 clips (6 per class) of 2 segments each, on the policy tests' 8×8 model.
    static func data() -> FeatureSet {
        var generator = SplitMix64(seed: 21)
        let segments = 24
        return FeatureSet(labelNames: ["a", "b"], melBands: 8, frames: 8,
                          values: (0..<(segments * 64)).map { _ in -Float(generator.next() % 80) },
                          labels: (0..<segments).map { Int32($0 / 2 % 2) }, clipIndices: (0..<segments).map { Int32($0 / 2) },
                          clips: (0..<12).map { "clip\($0)" })
    }

    static func plan(z: Double) throws -> RoundPlan {
        var plan = try ParticipantPolicyTests.plan(z: z)
        plan.quantization.evaluation = evaluation
        return plan
    }

    /// The counts of `parameters` on the fixed held-out split, computed here from the split's definition.
    static func expectedCounts(_ parameters: [Float], plan: RoundPlan) throws -> EvaluationCounts {
        let test = data().split(seed: FederatedEvaluation.splitSeed, validationFraction: 0, testFraction: 0.5).test
        let evaluated = test.subset(clips: Array(0..<min(3, test.clips.count)))
        let network = try Network(architecture: plan.architecture, parameters: parameters)
        return EvaluationCounts(try Evaluator.evaluate(network, on: evaluated))
    }

    /// DP off: what must hold is that the counts are those of the plan's model on at most
    /// n held-out clips of the fixed split, and that the coordinator's decoding of the
    /// vector gives them back (within rounding), after the update's own coordinates.
    @Test func countsAreTheStartModelsOnTheHeldOutClipsAndDecode() throws {
        let plan = try Self.plan(z: 0)
        let global = try Network(architecture: plan.architecture, seed: 4).parameters
        let update = try LocalUpdate.compute(plan: plan, parameters: global, data: Self.data())

        let expected = try Self.expectedCounts(global, plan: plan)
        #expect(update.evaluation == expected)
        #expect(expected.total.reduce(0, +) == 3)
        let mechanism = try plan.quantization.mechanism(dimension: plan.architecture.parameterCount)
        #expect(update.vector.count == mechanism.paddedDimension)
        let decoded = try mechanism.decode(sum: update.vector, survivors: 1, roundSeed: plan.roundSeed)
        let scale = try #require(plan.quantization.countScale)
        let counts = NoisedEvaluationCounts(released: decoded[plan.architecture.parameterCount...], survivors: 1, scale: scale)
        for (value, exact) in zip(counts.correct + counts.total, expected.correct + expected.total) {
            #expect(abs(value - Double(exact)) < 0.05, "\(counts) vs \(expected)")
        }
    }

    /// DP on: what must hold is that the counts in the vector carry this participant's
    /// noise share: decoded alone, they differ from the exact counts by about the share's
    /// std σ·γ/λ (RMS over the 2K coordinates within 0.3…2 of it; chi-square with 4
    /// degrees of freedom leaves that range with probability below 1e-2 per run, so the
    /// check is repeated over 5 updates and their pooled RMS used: 20 degrees of
    /// freedom, below 1e-7). Counts sent un-noised would decode within rounding.
    @Test func countsLeaveOnlyNoisedWithDPOn() throws {
        let plan = try Self.plan(z: 1)
        let global = try Network(architecture: plan.architecture, seed: 4).parameters
        let mechanism = try plan.quantization.mechanism(dimension: plan.architecture.parameterCount)
        #expect(mechanism.noiseSigma > 0)
        let scale = try #require(plan.quantization.countScale)
        let expected = try Self.expectedCounts(global, plan: plan)
        var squares = 0.0, count = 0
        for _ in 0..<5 {
            let update = try LocalUpdate.compute(plan: plan, parameters: global, data: Self.data())
            let decoded = try mechanism.decode(sum: update.vector, survivors: 1, roundSeed: plan.roundSeed)
            let counts = NoisedEvaluationCounts(released: decoded[plan.architecture.parameterCount...], survivors: 1, scale: scale)
            for (value, exact) in zip(counts.correct + counts.total, expected.correct + expected.total) {
                squares += (value - Double(exact)) * (value - Double(exact))
                count += 1
            }
        }
        let rms = (squares / Double(count)).squareRoot()
        let share = Double(mechanism.noiseSigma) * mechanism.scale / scale
        #expect(rms > 0.3 * share && rms < 2 * share, "RMS \(rms) counts, one share's std \(share)")
        // The share alone is z_e·B/sqrt(shares) in counts (z_e = r·z), up to the ceiling of σ.
        let shares = Double(plan.quantization.minimumSurvivors - 1)
        #expect(share >= 2 * Self.evaluation.sensitivity / shares.squareRoot() * 0.99, "\(share)")
    }

    /// What must hold: the participant's own ledger accounts a round with evaluation at
    /// the joint mechanism, a larger privacy loss than the same round without it.
    @Test func theLedgerAccountsTheEvaluationRelease() throws {
        let policy = ParticipantPolicy(allowsPlainUpdates: true)
        let without = try #require(try policy.accountedSum(for: try ParticipantPolicyTests.plan(z: 1)))
        let with = try #require(try policy.accountedSum(for: try Self.plan(z: 1)))
        #expect(with.rdp(order: 8) > without.rdp(order: 8) * 1.1, "\(with) vs \(without)")
    }
}
