import ChorusSupport
import DifferentialPrivacy
import Federation
import ML
import SecureAgg
import TestSupport

/// A signed plan for participant 1 of a three-member round on a tiny CNN (or the given model).
struct PlanFixture {
    static let architecture = Architecture(inputHeight: 16, inputWidth: 16, convolutionChannels: [2], denseWidth: 4,
                                           dropout: 0, classes: 3)
    let coordinator: Ed25519SigningKey
    let plan: RoundPlan
    let parameters: [Float]

    init(round: UInt64 = 7, secure: Bool = true, architecture: Architecture = Self.architecture) throws {
        coordinator = try Ed25519SigningKey.generate()
        let members = try (0..<3).map { index in
            RoundConfiguration.Member(id: ParticipantID(UInt32(index)), identity: try Ed25519SigningKey.generate().publicKey)
        }
        let dimension = architecture.parameterCount
        var generator = SplitMix64(seed: round)
        parameters = (0..<dimension).map { _ in Float(Int(generator.next() % 2001) - 1000) / 1000 }
        let run = RunID.random()
        let configuration = try RoundConfiguration(
            run: run, round: round, dimension: UpdateLayout.vectorLength(dimension: dimension),
            parameters: SecureAggParameters(graph: .complete, degree: 2, threshold: 2),
            graphSeed: [UInt8](repeating: 9, count: 32), members: members)
        var accountant = PrivacyAccountant()
        try accountant.addRounds(samplingRate: 0.5, noiseMultiplier: 1.1, count: 3)
        plan = RoundPlan(run: run, round: round, participant: ParticipantID(1), architecture: architecture,
                         modelHash: PlanMessage.modelHash(parameters),
                         roundSeed: try RoundSeed(bytes: [UInt8](repeating: 3, count: 32)),
                         quantization: QuantizationParameters(clipNorm: 1, noiseMultiplier: 1.1, expectedParticipants: 3,
                                                              minimumSurvivors: 2),
                         secureAggregation: secure ? configuration : nil,
                         training: LocalTraining(epochs: 2, batchSize: 8, optimizer: .sgd(learningRate: 0.01), seed: 5),
                         samplingRate: 0.5, delta: 1e-5, accountantKind: .rdp, accountant: accountant)
    }

    /// The `.plan` frame payload.
    func payload() -> [UInt8] {
        PlanMessage.encode(plan: plan, signingKey: coordinator,
                           encodedParameters: PlanMessage.encodedParameters(parameters))
    }
}
