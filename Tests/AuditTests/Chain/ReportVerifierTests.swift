import Audit
import ChorusSupport
import DifferentialPrivacy
import SecureAgg
import Testing
import TestSupport

/// Every kind of tampering an auditor must catch is caught and named.
struct ReportVerifierTests {
    @Test func honestReportVerifiesWithEveryRecord() throws {
        let fixture = try ReportFixture()
        let verification = ReportVerifier.verify(try fixture.bytes, coordinatorKey: fixture.key.publicKey)
        #expect(verification.valid, "\(String(describing: verification.firstProblem))")
        #expect(verification.records == 4)
        #expect(verification.rounds == fixture.rounds)
        #expect(verification.run == fixture.run)
    }

    /// The rounds' epsilon claims amplification by sampling (q = 0.1 here), which holds only
    /// for someone who does not know the sample; the report lists it. So the verifier also
    /// gives what a reader can hold a participant to: the most exposed one's rounds at rate 1.
    @Test func theEpsilonAgainstTheReportsReadersCountsTheMostExposedParticipantsRoundsAtRateOne() throws {
        let fixture = try ReportFixture()
        let verification = ReportVerifier.verify(try fixture.bytes, coordinatorKey: fixture.key.publicKey)
        let disclosed = try #require(verification.disclosedSample)
        // Survivors are ids 0..<9, 0..<10 and 0..<8: ids 0-7 are in all three rounds' sums.
        #expect(disclosed.participant == 0)
        #expect(disclosed.rounds == 3)
        let mechanism = try #require(try fixture.run.quantization?.mechanism())
        var atRateOne = PrivacyAccountant()
        for noisy in ReportFixture.noisySurvivors {
            try atRateOne.addRound(of: mechanism, sampling: .poisson(rate: 1), noisySurvivors: noisy)
        }
        #expect(disclosed.epsilon == (try atRateOne.epsilon(delta: 1e-5, accountant: .rdp)))
        let amplified = fixture.rounds[2].privacy.epsilonRDP
        #expect(disclosed.epsilon > 2 * amplified, "disclosed \(disclosed.epsilon), amplified \(amplified)")
    }

    /// With federated evaluation the run accounts a joint mechanism; it must follow from the
    /// update's clip and z and the counts' z (here r = 2: 1/z'² = 1/z² + 1/(2z)²), or the
    /// run could state a larger z' than its participants apply and understate epsilon.
    @Test func aJointMechanismThatDoesNotFollowFromTheEvaluationIsCaught() throws {
        let fixture = try ReportFixture()
        let joint = try #require(fixture.run.quantization)
        let updateClip = joint.clipNorm / 1.25.squareRoot(), updateZ = joint.noiseMultiplier * 1.25.squareRoot()
        func evaluation(countsZ: Double) -> ReportEvaluationConfiguration {
            ReportEvaluationConfiguration(classes: 10, maximumClips: 16, heldOutFraction: 0.2, countSensitivity: 2.0.squareRoot() * 16,
                                          noiseMultiplier: countsZ, updateClipNorm: updateClip, updateNoiseMultiplier: updateZ)
        }
        let consistent = try fixture.resigned(by: fixture.key) { $0[0].run?.quantization?.evaluation = evaluation(countsZ: 2 * updateZ) }
        #expect(ReportVerifier.verify(consistent, coordinatorKey: fixture.key.publicKey).valid)
        // The counts stated at 4z: the joint clip and z the run accounts no longer follow from it.
        let overstated = try fixture.resigned(by: fixture.key) { $0[0].run?.quantization?.evaluation = evaluation(countsZ: 4 * updateZ) }
        let problem = try #require(ReportVerifier.verify(overstated, coordinatorKey: fixture.key.publicKey).firstProblem)
        #expect(problem.record == 0)
        #expect(problem.reason.contains("evaluation counts"))
    }

    @Test func aByteFlippedAnywhereIsCaught() throws {
        let fixture = try ReportFixture()
        let bytes = try fixture.bytes
        // Positions spread over every record, the newlines included.
        for position in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 60)) {
            var tampered = bytes
            tampered[position] ^= 0x01
            let verification = ReportVerifier.verify(tampered, coordinatorKey: fixture.key.publicKey, recomputeEpsilon: false)
            #expect(!verification.valid, "flipping byte \(position) went unnoticed")
        }
    }

    @Test func aDeletedRecordIsNamed() throws {
        let fixture = try ReportFixture()
        var lines = try fixture.lines
        lines.remove(at: 2)
        let problem = try #require(ReportVerifier.verify(ReportFixture.join(lines)).firstProblem)
        #expect(problem.record == 2)
        #expect(problem.reason.contains("sequence number is 3, expected 2"))
    }

    @Test func reorderedRecordsAreNamed() throws {
        let fixture = try ReportFixture()
        var lines = try fixture.lines
        lines.swapAt(1, 2)
        let problem = try #require(ReportVerifier.verify(ReportFixture.join(lines)).firstProblem)
        #expect(problem.record == 1)
        #expect(problem.reason.contains("sequence number is 2, expected 1"))
    }

    @Test func aRecordAppendedBySomeoneElseIsNamed() throws {
        let fixture = try ReportFixture()
        let intruder = try Ed25519SigningKey.generate()
        var lines = try fixture.lines
        var extra = fixture.rounds[2]
        extra.privacy.round = 4
        let entry = ReportEntry(sequence: 4, previousHash: SignedLine.hash(lines[3]), round: extra)
        lines.append(try SignedLine.encode(entry, signedBy: intruder))
        let problem = try #require(ReportVerifier.verify(ReportFixture.join(lines)).firstProblem)
        #expect(problem.record == 4)
        #expect(problem.reason.contains("signature does not verify"))
    }

    @Test func aReportResignedWithAnotherKeyIsRefusedAgainstTheCoordinatorKey() throws {
        let fixture = try ReportFixture()
        let other = try Ed25519SigningKey.generate()
        let forged = try fixture.resigned(by: other) { entries in
            entries[0].run?.coordinatorKey = Hex.encode(other.publicKey.rawRepresentation)
        }
        let problem = try #require(ReportVerifier.verify(forged, coordinatorKey: fixture.key.publicKey).firstProblem)
        #expect(problem.record == 0)
        #expect(problem.reason.contains("not by the expected coordinator key"))
        // Without the coordinator key only self-consistency can be checked, and it holds.
        #expect(ReportVerifier.verify(forged).valid)
        // Keeping the original key in the run record but signing with another fails at once.
        let mixed = try fixture.resigned(by: other) { _ in }
        #expect(ReportVerifier.verify(mixed).firstProblem == ReportProblem(
            record: 0, reason: "the signature does not verify with the coordinator's key"))
    }

    @Test func aLoweredNoiseMultiplierIsCaughtEvenWhenResigned() throws {
        let fixture = try ReportFixture()
        let forged = try fixture.resigned(by: fixture.key) { entries in
            entries[2].round?.privacy.effectiveNoiseMultiplier *= 0.5
        }
        let problem = try #require(ReportVerifier.verify(forged, coordinatorKey: fixture.key.publicKey).firstProblem)
        #expect(problem.record == 2)
        #expect(problem.reason.contains("effective noise multiplier"))
    }

    @Test func tooFewNoisySurvivorsBreakThePromisedNoise() throws {
        let fixture = try ReportFixture()
        let forged = try fixture.resigned(by: fixture.key) { entries in
            // Five noisy survivors when the run promised at least eight.
            let z = (try? entries[0].run?.quantization?.mechanism())?.effectiveNoiseMultiplier(noisySurvivors: 5) ?? 0
            entries[3].round?.privacy.noisySurvivors = 5
            entries[3].round?.privacy.effectiveNoiseMultiplier = z
        }
        let problem = try #require(ReportVerifier.verify(forged).firstProblem)
        #expect(problem.record == 3)
        #expect(problem.reason.contains("below"))
    }

    @Test func anUnderReportedEpsilonIsCaught() throws {
        let fixture = try ReportFixture()
        let forged = try fixture.resigned(by: fixture.key) { entries in
            entries[3].round?.privacy.epsilonRDP *= 0.9
        }
        let problem = try #require(ReportVerifier.verify(forged).firstProblem)
        #expect(problem.record == 3)
        #expect(problem.reason.contains("epsilon by RDP is recorded as"))
    }

    @Test func aRoundClaimingAnotherSamplingRateIsCaught() throws {
        let fixture = try ReportFixture()
        let forged = try fixture.resigned(by: fixture.key) { entries in
            entries[2].round?.privacy.samplingRate = 0.01
        }
        let problem = try #require(ReportVerifier.verify(forged, recomputeEpsilon: false).firstProblem)
        #expect(problem.record == 2)
        #expect(problem.reason.contains("not the run's declared poisson sampling"))
    }

    @Test func aRoundBelowTheSafeThresholdIsCaught() throws {
        // 10 members and a declared colluding fraction 0.1 (C = 1): t must be at least ⌊11/2⌋ + 1 = 6.
        let fixture = try ReportFixture()
        #expect(ReportVerifier.verify(try fixture.bytes, recomputeEpsilon: false).firstProblem == nil)
        let forged = try fixture.resigned(by: fixture.key) { entries in
            entries[2].round?.secureAggregation?.threshold = 5
        }
        let problem = try #require(ReportVerifier.verify(forged, recomputeEpsilon: false).firstProblem)
        #expect(problem.record == 2)
        #expect(problem.reason.contains("threshold 5 of 10 members is below 6"))
    }

    @Test func aSecureRunMustDeclareItsThresholdPolicyAndEachRoundItsThreshold() throws {
        let fixture = try ReportFixture()
        let noPolicy = try fixture.resigned(by: fixture.key) { entries in
            entries[0].run?.secureAggregation?.toleratedCorruptFraction = nil
        }
        let problem = try #require(ReportVerifier.verify(noPolicy, recomputeEpsilon: false).firstProblem)
        #expect(problem.reason.contains("declares no valid threshold policy"))
        let noThreshold = try fixture.resigned(by: fixture.key) { entries in
            entries[1].round?.secureAggregation = nil
        }
        let missing = try #require(ReportVerifier.verify(noThreshold, recomputeEpsilon: false).firstProblem)
        #expect(missing.record == 1)
        #expect(missing.reason.contains("does not record its members and threshold"))
    }

    @Test func aFixedSizeRoundOfAnotherSizeIsCaught() throws {
        let fixture = try ReportFixture()
        let forged = try fixture.resigned(by: fixture.key) { entries in
            entries[0].run?.sampling = ReportSampling(.withoutReplacement(sampleSize: 10, population: 100), rosterSize: 100)
            entries[0].run?.privacy.neighbouringRelation = "replace_one"
            for index in 1..<entries.count { entries[index].round?.privacy.sampleSize = 10 }
            entries[2].round?.sampled = Array(0..<12)
        }
        let problem = try #require(ReportVerifier.verify(forged, recomputeEpsilon: false).firstProblem)
        #expect(problem.record == 2)
        #expect(problem.reason.contains("12 participants sampled, but the run draws exactly 10"))
    }

    @Test func aRunThatTakesEveryoneCannotSampleFewer() throws {
        let fixture = try ReportFixture()
        let forged = try fixture.resigned(by: fixture.key) { entries in
            entries[0].run?.sampling = ReportSampling(.poisson(rate: 1), rosterSize: 100)
            for index in 1..<entries.count { entries[index].round?.privacy.samplingRate = 1 }
        }
        let problem = try #require(ReportVerifier.verify(forged, recomputeEpsilon: false).firstProblem)
        #expect(problem.record == 1)
        #expect(problem.reason.contains("but the run takes all 100"))
    }

    @Test func aPrivateRunMustDeclareItsSamplingAndRelation() throws {
        let fixture = try ReportFixture()
        let undeclared = try fixture.resigned(by: fixture.key) { entries in entries[0].run?.sampling = nil }
        #expect(ReportVerifier.verify(undeclared).firstProblem?.reason.contains("does not declare how rounds are sampled") == true)
        let mismatched = try fixture.resigned(by: fixture.key) { entries in
            entries[0].run?.privacy.neighbouringRelation = "replace_one"
        }
        #expect(ReportVerifier.verify(mismatched).firstProblem?.reason.contains("accounted under add_or_remove_one") == true)
    }

    @Test func aRoundBeyondTheBudgetIsNamed() throws {
        let honest = try ReportFixture()
        let budget = honest.rounds[1].privacy.epsilonRDP * 1.001
        let fixture = try ReportFixture(epsilonBudget: budget)
        let problem = try #require(ReportVerifier.verify(try fixture.bytes).firstProblem)
        #expect(problem.record == 3)
        #expect(problem.reason.contains("exceeds the budget"))
    }

    @Test func aRoundCountedTwiceIsNamed() throws {
        let fixture = try ReportFixture()
        let forged = try fixture.resigned(by: fixture.key) { entries in
            entries[3].round?.privacy.round = 2
        }
        let problem = try #require(ReportVerifier.verify(forged).firstProblem)
        #expect(problem.record == 3)
        #expect(problem.reason.contains("counted twice"))
    }

    @Test func aCutOffLastRecordIsNamed() throws {
        let fixture = try ReportFixture()
        let bytes = try fixture.bytes
        let problem = try #require(ReportVerifier.verify(Array(bytes.dropLast(10))).firstProblem)
        #expect(problem.record == 3)
    }

    @Test func aModelReplacedBetweenRoundsIsCaught() throws {
        let fixture = try ReportFixture()
        let forged = try fixture.resigned(by: fixture.key) { entries in
            entries[2].round?.modelBefore = Hex.encode(SHA256.hash(Array("another model".utf8)))
        }
        let problem = try #require(ReportVerifier.verify(forged).firstProblem)
        #expect(problem.record == 2)
        #expect(problem.reason.contains("model was lost or replaced"))
    }

    @Test func anInterruptedRoundThatChangedTheModelIsCaught() throws {
        let fixture = try ReportFixture()
        let interrupted = try fixture.resigned(by: fixture.key) { entries in
            entries[3].round?.interruption = "stopped before applying"
            entries[3].round?.testAccuracy = nil
        }
        let problem = try #require(ReportVerifier.verify(interrupted).firstProblem)
        #expect(problem.record == 3)
        #expect(problem.reason.contains("interrupted, yet its model changed"))

        let honest = try fixture.resigned(by: fixture.key) { entries in
            entries[3].round?.interruption = "stopped before applying"
            let before = entries[3].round?.modelBefore ?? ""
            entries[3].round?.modelAfter = before
        }
        #expect(ReportVerifier.verify(honest).firstProblem == nil)
    }
}
