import Client
import DifferentialPrivacy
import Federation
import ML
import SecureAgg
import Testing

struct ParticipantPolicyTests {
    /// A plain plan (no secure aggregation) at noise `z`, after `accounted` rounds.
    static func plan(z: Double, accounted: Int = 0) throws -> RoundPlan {
        let architecture = Architecture(inputHeight: 8, inputWidth: 8, convolutionChannels: [2], denseWidth: 4,
                                        dropout: 0, classes: 2)
        var accountant = PrivacyAccountant()
        if accounted > 0 { try accountant.addRounds(samplingRate: 0.1, noiseMultiplier: 1, count: accounted) }
        return RoundPlan(round: 1, participant: ParticipantID(0), architecture: architecture,
                         modelHash: [UInt8](repeating: 0, count: 32), roundSeed: try RoundSeed(bytes: [UInt8](repeating: 1, count: 32)),
                         quantization: QuantizationParameters(clipNorm: 1, noiseMultiplier: z, expectedParticipants: 10,
                                                              minimumSurvivors: 6),
                         secureAggregation: nil,
                         training: LocalTraining(epochs: 1, batchSize: 4, optimizer: .sgd(learningRate: 0.1), seed: 1),
                         samplingRate: 0.1, delta: 1e-5, accountantKind: .rdp, accountant: accountant)
    }

    @Test func acceptsAPlanWithinEveryLimit() throws {
        let policy = ParticipantPolicy(minimumNoiseMultiplier: 0.5, maximumEpsilon: 50, maximumRounds: 3, allowsPlainUpdates: true)
        #expect(policy.declineReason(for: try Self.plan(z: 1), contributed: 2) == nil)
    }

    @Test func declinesTooLittleNoise() throws {
        let policy = ParticipantPolicy(minimumNoiseMultiplier: 1.5, allowsPlainUpdates: true)
        let reason = policy.declineReason(for: try Self.plan(z: 1), contributed: 0)
        #expect(reason == "noise multiplier 1.0 is below this participant's minimum 1.5")
    }

    @Test func declinesAnEpsilonAboveItsMaximumRecomputedFromTheAccounting() throws {
        let policy = ParticipantPolicy(maximumEpsilon: 5, allowsPlainUpdates: true)
        // The same round is acceptable early in the run and not after many accounted rounds.
        #expect(policy.declineReason(for: try Self.plan(z: 1), contributed: 0) == nil)
        let reason = try #require(policy.declineReason(for: try Self.plan(z: 1, accounted: 200), contributed: 0))
        #expect(reason.hasPrefix("the run would reach epsilon"))
        // Without DP there is no finite epsilon to promise.
        #expect(policy.declineReason(for: try Self.plan(z: 0), contributed: 0)?.hasPrefix("the run would reach epsilon inf") == true)
    }

    @Test func declinesPastItsRoundLimitAndUnmaskedUpdates() throws {
        let limited = ParticipantPolicy(maximumRounds: 2, allowsPlainUpdates: true)
        #expect(limited.declineReason(for: try Self.plan(z: 1), contributed: 2)
                == "this participant already contributed to 2 rounds, its maximum is 2")
        let maskedOnly = ParticipantPolicy()
        #expect(maskedOnly.declineReason(for: try Self.plan(z: 1), contributed: 0)
                == "the round has no secure aggregation and this participant sends updates only masked")
    }
}
