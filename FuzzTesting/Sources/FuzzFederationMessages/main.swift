import DifferentialPrivacy
import Federation
import ChorusSupport
import FuzzSupport
import ML
import SecureAgg

// The first input byte picks the decoder (round plan, signed plan message,
// plain update, decline, notice); each must return a value or a `FederationError`.
// The signed plan is checked against a fixed coordinator key, so the seed's
// signature is valid and mutations reach the plan and parameter parsers.
let coordinator: Ed25519SigningKey? = try? Ed25519SigningKey(seed: [UInt8](repeating: 42, count: 32))

runFuzzer(seeds: {
    guard let coordinator else { return [] }
    let architecture = Architecture(inputHeight: 8, inputWidth: 8, convolutionChannels: [2], denseWidth: 4,
                                    dropout: 0, classes: 3)
    let parameters = (0..<architecture.parameterCount).map { Float($0 % 7) / 7 }
    let members = try (0..<3).map { index in
        RoundConfiguration.Member(id: ParticipantID(UInt32(index)),
                                  identity: try Ed25519SigningKey(seed: [UInt8](repeating: UInt8(index), count: 32)).publicKey)
    }
    let run = try RunID(bytes: [UInt8](repeating: 1, count: RunID.byteCount))
    let configuration = try RoundConfiguration(
        run: run, round: 3, dimension: UpdateLayout.vectorLength(dimension: architecture.parameterCount),
        parameters: SecureAggParameters(graph: .complete, degree: 2, threshold: 2),
        graphSeed: [UInt8](repeating: 9, count: 32), members: members)
    var accountant = PrivacyAccountant()
    try accountant.addRounds(samplingRate: 0.5, noiseMultiplier: 1.1, count: 2)
    let plan = RoundPlan(run: run, round: 3, participant: ParticipantID(1), architecture: architecture,
                         modelHash: PlanMessage.modelHash(parameters),
                         roundSeed: try RoundSeed(bytes: [UInt8](repeating: 3, count: 32)),
                         quantization: QuantizationParameters(clipNorm: 1, noiseMultiplier: 1.1, expectedParticipants: 3,
                                                              minimumSurvivors: 2),
                         secureAggregation: configuration,
                         training: LocalTraining(epochs: 1, batchSize: 8, optimizer: .sgd(learningRate: 0.01), seed: 5),
                         samplingRate: 0.5, delta: 1e-5, accountantKind: .rdp, accountant: accountant)
    let message = PlanMessage.encode(plan: plan, signingKey: coordinator,
                                     encodedParameters: PlanMessage.encodedParameters(parameters))
    return [[0] + plan.encode(), [1] + message, [2] + PlainUpdate(vector: [1, 2, 3, 4]).encode(),
            [3] + Decline(reason: "no data").encode(), [4] + Notice(outcome: .completed, message: "round 3 done").encode()]
}, body: { bytes in
    guard let selector = bytes.first, let coordinator else { return }
    let message = Array(bytes[1...])
    switch selector % 5 {
    case 0: _ = try? RoundPlan.decode(message[...])
    case 1: _ = try? PlanMessage.decode(message, coordinatorKey: coordinator.publicKey)
    case 2: _ = try? PlainUpdate.decode(message, length: 4)
    case 3: _ = try? Decline.decode(message)
    default: _ = try? Notice.decode(message)
    }
})
