import Client
import DifferentialPrivacy
import Federation
import ML
import SecureAgg
import Testing

struct ParticipantPolicyTests {
    static let architecture = Architecture(inputHeight: 8, inputWidth: 8, convolutionChannels: [2], denseWidth: 4,
                                           dropout: 0, classes: 2)

    /// A plan at noise `z` after `accounted` rounds in the coordinator's accounting, plain
    /// unless `secure` is given, with noise shares sized for `minimumSurvivors`.
    static func plan(z: Double, accounted: Int = 0, secure: RoundConfiguration? = nil, minimumSurvivors: Int = 6,
                     expectedParticipants: Int = 10) throws -> RoundPlan {
        var accountant = PrivacyAccountant()
        if accounted > 0 { try accountant.addRounds(samplingRate: 0.1, noiseMultiplier: 1, count: accounted) }
        return RoundPlan(run: secure?.run ?? RunID.random(), round: secure?.round ?? 1, participant: secure?.members.first?.id ?? ParticipantID(0),
                         architecture: architecture,
                         modelHash: [UInt8](repeating: 0, count: 32), roundSeed: try RoundSeed(bytes: [UInt8](repeating: 1, count: 32)),
                         quantization: QuantizationParameters(clipNorm: 1, noiseMultiplier: z, expectedParticipants: expectedParticipants,
                                                              minimumSurvivors: minimumSurvivors),
                         secureAggregation: secure,
                         training: LocalTraining(epochs: 1, batchSize: 4, optimizer: .sgd(learningRate: 0.1), seed: 1),
                         samplingRate: 0.1, delta: 1e-5, accountantKind: .rdp, accountant: accountant)
    }

    /// One share of σ = 10z integer steps at sensitivity 10 on 64 coordinates: noise multiplier z.
    static func sum(z: Double) -> DiscreteGaussianSum {
        DiscreteGaussianSum(shares: 1, sigma: 10 * z, sensitivity: 10, dimension: 64)
    }

    /// A ledger of `rounds` contributed rounds, each accounted at noise multiplier `z`.
    static func ledger(rounds: Int, z: Double = 1) -> ParticipantLedger {
        ParticipantLedger(entries: (0..<rounds).map {
            ParticipantLedger.Entry(run: "test", round: UInt64($0), noiseSigma: 10, scale: 0.1, accounted: sum(z: z), masked: true)
        })
    }

    @Test func acceptsAPlanWithinEveryLimit() throws {
        let policy = ParticipantPolicy(minimumNoiseMultiplier: 0.5, maximumEpsilon: 50, maximumRounds: 3, allowsPlainUpdates: true)
        #expect(policy.declineReason(for: try Self.plan(z: 1), ledger: Self.ledger(rounds: 2)) == nil)
    }

    @Test func declinesTooLittleNoise() throws {
        let policy = ParticipantPolicy(minimumNoiseMultiplier: 1.5, allowsPlainUpdates: true)
        let reason = policy.declineReason(for: try Self.plan(z: 1), ledger: ParticipantLedger())
        #expect(reason == "noise multiplier 1.0 is below this participant's minimum 1.5")
    }

    @Test func declinesAnEpsilonAboveItsMaximumFromItsOwnLedgerNotTheCoordinatorsAccounting() throws {
        let policy = ParticipantPolicy(maximumEpsilon: 40, allowsPlainUpdates: true)
        // The coordinator's accounting (200 rounds at q = 0.1) does not matter: only the ledger does.
        #expect(policy.declineReason(for: try Self.plan(z: 1, accounted: 200), ledger: ParticipantLedger()) == nil)
        let reason = try #require(policy.declineReason(for: try Self.plan(z: 1), ledger: Self.ledger(rounds: 40)))
        #expect(reason.hasPrefix("the round would take this participant's own epsilon to"))
        #expect(reason.contains("over 41 rounds"))
    }

    /// A participant that passes no --max-epsilon stops at its own epsilon 10: it takes a
    /// well-noised round from a fresh ledger, and declines one after 10 rounds at z = 1
    /// (above 10 on their own, see below).
    @Test func aParticipantThatChangesNothingCapsItsOwnEpsilonAtTen() throws {
        let policy = ParticipantPolicy(allowsPlainUpdates: true)
        #expect(policy.maximumEpsilon == 10)
        #expect(policy.declineReason(for: try Self.plan(z: 4), ledger: ParticipantLedger()) == nil)
        let reason = try #require(policy.declineReason(for: try Self.plan(z: 4), ledger: Self.ledger(rounds: 10)))
        #expect(reason.hasSuffix("above this participant's maximum 10.0"))
    }

    @Test func ownEpsilonAssumesNoAmplification() throws {
        // 10 rounds at z = 1 and q = 1: the discrete Gaussian's RDP epsilon, not a subsampled one.
        var accountant = PrivacyAccountant()
        try accountant.addRounds(sampling: .poisson(rate: 1), discreteGaussian: Self.sum(z: 1), count: 10)
        let expected = try accountant.epsilon(delta: 1e-5, accountant: .rdp)
        #expect(try Self.ledger(rounds: 10).epsilon(delta: 1e-5) == expected)
        #expect(expected > 10)
    }

    @Test func declinesRoundsWithoutDPUnlessAllowed() throws {
        let reason = try #require(ParticipantPolicy(allowsPlainUpdates: true).declineReason(for: try Self.plan(z: 0),
                                                                                           ledger: ParticipantLedger()))
        #expect(reason.hasPrefix("the round adds no DP noise"))
        let allowing = ParticipantPolicy(allowsPlainUpdates: true, allowsNoPrivacy: true)
        #expect(allowing.declineReason(for: try Self.plan(z: 0), ledger: ParticipantLedger()) == nil)
    }

    @Test func declinesPastItsRoundLimitAndUnmaskedUpdates() throws {
        let limited = ParticipantPolicy(maximumRounds: 2, allowsPlainUpdates: true)
        #expect(limited.declineReason(for: try Self.plan(z: 1), ledger: Self.ledger(rounds: 2))
                == "this participant already contributed to 2 rounds, its maximum is 2")
        let maskedOnly = ParticipantPolicy()
        #expect(maskedOnly.declineReason(for: try Self.plan(z: 1), ledger: ParticipantLedger())
                == "the round has no secure aggregation and this participant sends updates only masked (--allow-plain to take part)")
    }

    @Test func accountsItsOwnShareInTheClearAndTheOthersLessColludersWhenMasked() throws {
        // Shares sized for t = 6 survivors and the plan's 0 colluders: each is z/√5 of the noise.
        let plain = try #require(try ParticipantPolicy(allowsPlainUpdates: true).accountedSum(for: try Self.plan(z: 1)))
        #expect(abs(plain.noiseMultiplier - 1 / 5.0.squareRoot()) < 0.01)  // σ is rounded up to an integer step
        // Masked in a round of 10: its own share does not protect it, nor do its one assumed colluder's.
        let round = try HostileCoordinatorTests.Round(members: 10, threshold: 6)
        let masked = try Self.plan(z: 1, secure: round.configuration, minimumSurvivors: 6)
        let wary = try #require(try ParticipantPolicy(collusion: .count(1)).accountedSum(for: masked))
        #expect(abs(wary.noiseMultiplier - (4.0 / 5).squareRoot()) < 0.01)
        // Assuming more colluders than the shares leave protecting: nothing protects it.
        #expect(try ParticipantPolicy(collusion: .count(5)).accountedSum(for: masked) == nil)
    }
}

/// A participant's features must be what the plan's model reads.
struct ParticipantPolicyEncoderTests {
    static func plan(frontEnd: FrontEnd) throws -> RoundPlan {
        var plan = try ParticipantPolicyTests.plan(z: 1)
        plan.architecture = Architecture(inputHeight: 1, inputWidth: 1706, convolutionChannels: [], denseWidth: 0, dropout: 0,
                                         classes: 2, frontEnd: frontEnd)
        return plan
    }

    /// Either embedding front end (`--head-input whole` or `penultimate`) names the encoder the plan needs.
    @Test(arguments: [false, true])
    func declinesAHeadOnAnotherEncoderNamingBothDigests(penultimate: Bool) throws {
        let planned = [UInt8](repeating: 0xab, count: 32), own = [UInt8](repeating: 0xcd, count: 32)
        func frontEnd(_ digest: [UInt8]) -> FrontEnd {
            penultimate ? .penultimateEmbedding(encoderDigest: digest) : .embedding(encoderDigest: digest)
        }
        let policy = ParticipantPolicy(maximumEpsilon: .infinity, allowsPlainUpdates: true, encoderDigest: own)  // the encoder rule alone
        let reason = try #require(policy.declineReason(for: try Self.plan(frontEnd: frontEnd(planned)), ledger: ParticipantLedger()))
        #expect(reason.contains("abababababababab") && reason.contains("cdcdcdcdcdcdcdcd"), "\(reason)")
        #expect(policy.declineReason(for: try Self.plan(frontEnd: frontEnd(own)), ledger: ParticipantLedger()) == nil)
    }

    @Test func declinesWhenOnlyOneSideUsesAnEncoder() throws {
        let digest = [UInt8](repeating: 0xab, count: 32)
        let logMel = ParticipantPolicy(allowsPlainUpdates: true)
        #expect(logMel.declineReason(for: try Self.plan(frontEnd: .embedding(encoderDigest: digest)), ledger: ParticipantLedger())?
            .contains("join with --encoder") == true)
        let embedded = ParticipantPolicy(allowsPlainUpdates: true, encoderDigest: digest)
        #expect(embedded.declineReason(for: try ParticipantPolicyTests.plan(z: 1), ledger: ParticipantLedger())?
            .contains("join without --encoder") == true)
    }
}
