import ChorusSupport
import Federation
import ML
import SecureAgg
import Testing
import TestSupport

struct PlanMessageTests {
    @Test(arguments: [true, false])
    func signedPlanRoundTrips(secure: Bool) throws {
        let fixture = try PlanFixture(secure: secure)
        let decoded = try PlanMessage.decode(fixture.payload(), coordinatorKey: fixture.coordinator.publicKey)
        #expect(decoded.plan == fixture.plan)
        #expect(decoded.parameters == fixture.parameters)
    }

    @Test func planForTheBandStatisticsModelCarriesItsFrontEnd() throws {
        let fixture = try PlanFixture(architecture: .statisticsLinear)
        let decoded = try PlanMessage.decode(fixture.payload(), coordinatorKey: fixture.coordinator.publicKey)
        #expect(decoded.plan.architecture == .statisticsLinear)
        #expect(decoded.parameters == fixture.parameters)
    }

    /// Both embedding front ends (`--head-input whole` and `penultimate`) travel with the encoder digest.
    @Test(arguments: [FrontEnd.embedding(encoderDigest: Array(0..<32)), .penultimateEmbedding(encoderDigest: Array(0..<32))])
    func planForAHeadOnEncoderEmbeddingsCarriesTheEncoderDigest(frontEnd: FrontEnd) throws {
        let head = Architecture(inputHeight: 1, inputWidth: 1706, convolutionChannels: [], denseWidth: 0, dropout: 0, classes: 10,
                                frontEnd: frontEnd)
        let fixture = try PlanFixture(architecture: head)
        let decoded = try PlanMessage.decode(fixture.payload(), coordinatorKey: fixture.coordinator.publicKey)
        #expect(decoded.plan.architecture == head)
        #expect(decoded.plan.architecture.frontEnd.encoderDigest == "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
    }

    @Test func signedPlanWithAnImpossibleFrontEndIsRefused() throws {
        var architecture = Architecture.statisticsLinear
        architecture.frontEnd = .bandStatistics(bandsPerGroup: 0)
        let fixture = try PlanFixture(architecture: architecture)
        #expect {
            try PlanMessage.decode(fixture.payload(), coordinatorKey: fixture.coordinator.publicKey)
        } throws: { error in
            "\(error)".contains("plan.architecture") && "\(error)".contains("bands per group")
        }
    }

    @Test func planSignedByAnotherKeyIsRefused() throws {
        let fixture = try PlanFixture()
        let stranger = try Ed25519SigningKey.generate()
        #expect(throws: FederationError.badSignature) {
            try PlanMessage.decode(fixture.payload(), coordinatorKey: stranger.publicKey)
        }
    }

    @Test func modelThatIsNotTheSignedOneIsRefused() throws {
        let fixture = try PlanFixture()
        var payload = fixture.payload()
        payload[payload.count - 1] ^= 0x40 // a bit of the last parameter
        #expect(throws: FederationError.modelHashMismatch) {
            try PlanMessage.decode(payload, coordinatorKey: fixture.coordinator.publicKey)
        }
    }

    @Test func everyTruncationIsAnErrorNotACrash() throws {
        let fixture = try PlanFixture()
        let payload = fixture.payload()
        // Every prefix of the plan part and a stride of the model part.
        let cuts = Array(0..<min(payload.count, 2048)) + Array(stride(from: 2048, to: payload.count, by: 97))
        for cut in cuts {
            #expect(throws: FederationError.self, "prefix of \(cut) bytes") {
                try PlanMessage.decode(Array(payload.prefix(cut)), coordinatorKey: fixture.coordinator.publicKey)
            }
        }
    }

    @Test func trailingBytesAreRefused() throws {
        let fixture = try PlanFixture()
        #expect(throws: FederationError.trailingBytes(count: 1)) {
            try PlanMessage.decode(fixture.payload() + [0], coordinatorKey: fixture.coordinator.publicKey)
        }
    }

    @Test func randomBytesNeverCrashTheDecoder() throws {
        let fixture = try PlanFixture()
        let payload = fixture.payload()
        var generator = SplitMix64(seed: 11)
        for seed in 0..<300 {
            var bytes = payload
            for _ in 0..<(1 + seed % 8) {
                let index = Int(generator.next() % UInt64(bytes.count))
                bytes[index] ^= UInt8(1 + generator.next() % 255)  // never the byte it was
            }
            // The signature no longer verifies (or the length is off): refused, never trapped.
            #expect(throws: FederationError.self, "seed \(seed)") {
                try PlanMessage.decode(bytes, coordinatorKey: fixture.coordinator.publicKey)
            }
        }
    }

    @Test func hostilePlanFieldsAreRefusedEvenWhenSigned() throws {
        let fixture = try PlanFixture()
        var plan = fixture.plan
        plan.samplingRate = 1.5
        let payload = PlanMessage.encode(plan: plan, signingKey: fixture.coordinator,
                                         encodedParameters: PlanMessage.encodedParameters(fixture.parameters))
        #expect(throws: FederationError.invalidField(field: "plan.sampling_rate", reason: "1.5 is outside (0, 1]")) {
            try PlanMessage.decode(payload, coordinatorKey: fixture.coordinator.publicKey)
        }
    }

    @Test func planForAnotherParticipantsRoundConfigurationIsRefused() throws {
        let fixture = try PlanFixture()
        var plan = fixture.plan
        plan.participant = ParticipantID(9)
        #expect(throws: FederationError.self) {
            try RoundPlan.decode(plan.encode()[...])
        }
    }
}
