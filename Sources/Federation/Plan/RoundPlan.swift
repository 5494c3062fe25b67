import DifferentialPrivacy
import ML
import SecureAgg

/// What the coordinator asks of one sampled participant in one round, signed
/// with the coordinator's signing key: the model to start from (its hash; the
/// parameters follow in the same frame), how to train, how to privatize, the
/// secure-aggregation round (or none: updates in the clear), and the run's
/// privacy accounting so far. The accounting is the coordinator's statement, for
/// logs and auditors: a participant caps its own epsilon from its own ledger
/// (`ParticipantPolicy`), never from these fields.
public struct RoundPlan: Sendable, Equatable {
    /// The run the round belongs to (drawn at random when the run starts): a plan,
    /// its receipt and every secure-aggregation signature of the round bind it.
    public var run: RunID
    /// The round id; every frame of the round carries it.
    public var round: UInt64
    /// The receiver's id in the round (its index in the coordinator's roster).
    public var participant: ParticipantID
    public var architecture: Architecture
    /// SHA-256 of the global parameters (little-endian float32), see `PlanMessage.modelHash`.
    public var modelHash: [UInt8]
    /// The public seed of the round's random rotation.
    public var roundSeed: RoundSeed
    public var quantization: QuantizationParameters
    /// The secure-aggregation round, or nil when updates go in the clear.
    public var secureAggregation: RoundConfiguration?
    public var training: LocalTraining
    /// The Poisson sampling rate q the round is accounted with.
    public var samplingRate: Double
    /// The delta at which epsilon is stated.
    public var delta: Double
    /// The accountant whose epsilon the participant's policy checks.
    public var accountantKind: AccountantKind
    /// The rounds accounted before this one.
    public var accountant: PrivacyAccountant

    public init(run: RunID, round: UInt64, participant: ParticipantID, architecture: Architecture, modelHash: [UInt8],
                roundSeed: RoundSeed, quantization: QuantizationParameters, secureAggregation: RoundConfiguration?,
                training: LocalTraining, samplingRate: Double, delta: Double, accountantKind: AccountantKind,
                accountant: PrivacyAccountant) {
        self.run = run
        self.round = round
        self.participant = participant
        self.architecture = architecture
        self.modelHash = modelHash
        self.roundSeed = roundSeed
        self.quantization = quantization
        self.secureAggregation = secureAggregation
        self.training = training
        self.samplingRate = samplingRate
        self.delta = delta
        self.accountantKind = accountantKind
        self.accountant = accountant
    }

    /// Most accountant groups a plan may carry.
    static let maximumGroups = 1 << 16
    static let maximumConfigurationBytes = 64 + RunID.byteCount + 36 * WireFormat.maximumParticipants

    /// The bytes that are signed and sent.
    public func encode() -> [UInt8] {
        var writer = PayloadWriter()
        writer.append(FederationWire.version)
        writer.append(raw: run.bytes)
        writer.append(round)
        writer.append(participant.rawValue)
        architecture.encode(into: &writer)
        writer.append(raw: modelHash)
        writer.append(raw: roundSeed.bytes)
        quantization.encode(into: &writer)
        writer.append(counted: secureAggregation?.encode() ?? [])
        training.encode(into: &writer)
        writer.append(samplingRate)
        writer.append(delta)
        writer.append(UInt8(accountantKind == .rdp ? 0 : 1))
        writer.append(UInt32(truncatingIfNeeded: accountant.groups.count))
        for group in accountant.groups {
            writer.append(group.samplingRate)
            writer.append(group.noiseMultiplier)
            writer.append(UInt32(truncatingIfNeeded: group.rounds))
        }
        return writer.bytes
    }

    /// Parses and checks a plan (not its signature: see `PlanMessage`).
    /// - Throws: `FederationError` naming the first bad field.
    public static func decode(_ bytes: ArraySlice<UInt8>) throws(FederationError) -> RoundPlan {
        var reader = PayloadReader(bytes)
        let version = try reader.read(UInt8.self, field: "plan.version")
        guard version == FederationWire.version else { throw .unsupportedVersion(version) }
        let runBytes = try reader.readBytes(RunID.byteCount, field: "plan.run_id")
        let run: RunID
        do { run = try RunID(bytes: runBytes) } catch {
            throw .invalidField(field: "plan.run_id", reason: "\(error)")
        }
        let round = try reader.read(UInt64.self, field: "plan.round")
        let participant = ParticipantID(try reader.read(UInt32.self, field: "plan.participant"))
        let architecture = try Architecture.decode(from: &reader)
        let modelHash = try reader.readBytes(32, field: "plan.model_hash")
        let roundSeed: RoundSeed
        do { roundSeed = try RoundSeed(bytes: reader.readBytes(RoundSeed.byteCount, field: "plan.round_seed")) } catch {
            throw .invalidField(field: "plan.round_seed", reason: "\(error)")
        }
        let quantization = try QuantizationParameters(from: &reader)
        let configurationBytes = try reader.readCounted(field: "plan.secure_aggregation", limit: maximumConfigurationBytes)
        var configuration: RoundConfiguration?
        if !configurationBytes.isEmpty {
            do { configuration = try RoundConfiguration.decode(configurationBytes[...]) } catch {
                throw .invalidField(field: "plan.secure_aggregation", reason: "\(error)")
            }
        }
        let training = try LocalTraining(from: &reader)
        let samplingRate = try reader.readDouble(field: "plan.sampling_rate")
        let delta = try reader.readDouble(field: "plan.delta")
        let kind = try reader.read(UInt8.self, field: "plan.accountant_kind")
        guard kind <= 1 else { throw .invalidField(field: "plan.accountant_kind", reason: "unknown accountant \(kind)") }
        let groups = try reader.readCount(field: "plan.accountant.groups", limit: maximumGroups)
        var accountant = PrivacyAccountant()
        for _ in 0..<groups {
            let q = try reader.readDouble(field: "plan.accountant.sampling_rate")
            let z = try reader.readDouble(field: "plan.accountant.noise_multiplier")
            let count = Int(try reader.read(UInt32.self, field: "plan.accountant.rounds"))
            do { try accountant.addRounds(samplingRate: q, noiseMultiplier: z, count: count) } catch {
                throw .invalidField(field: "plan.accountant", reason: "\(error)")
            }
        }
        try reader.finish()
        let plan = RoundPlan(run: run, round: round, participant: participant, architecture: architecture, modelHash: modelHash,
                             roundSeed: roundSeed, quantization: quantization, secureAggregation: configuration,
                             training: training, samplingRate: samplingRate, delta: delta,
                             accountantKind: kind == 0 ? .rdp : .pld, accountant: accountant)
        try plan.validate()
        return plan
    }

    /// Cross-field checks: the mechanism exists, rates are in range, the
    /// secure-aggregation round matches the plan's round and vector length.
    func validate() throws(FederationError) {
        let mechanism = try quantization.mechanism(dimension: architecture.parameterCount)
        if let evaluation = quantization.evaluation, evaluation.classes != architecture.classes {
            throw .invalidField(field: "plan.evaluation.classes",
                                reason: "\(evaluation.classes), the model has \(architecture.classes) classes")
        }
        guard samplingRate > 0, samplingRate <= 1 else {
            throw .invalidField(field: "plan.sampling_rate", reason: "\(samplingRate) is outside (0, 1]")
        }
        guard delta > 0, delta < 1 else { throw .invalidField(field: "plan.delta", reason: "\(delta) is outside (0, 1)") }
        do {
            try training.augmentation.validate(height: architecture.inputHeight, width: architecture.inputWidth)
        } catch {
            throw .invalidField(field: "plan.training.augmentation", reason: "\(error)")
        }
        if let configuration = secureAggregation {
            guard configuration.round == round, configuration.run == run else {
                throw .invalidField(field: "plan.secure_aggregation",
                                    reason: "run \(configuration.run) round \(configuration.round), plan run \(run) round \(round)")
            }
            let length = mechanism.paddedDimension
            guard configuration.dimension == length else {
                throw .invalidField(field: "plan.secure_aggregation",
                                    reason: "dimension \(configuration.dimension), the update needs \(length)")
            }
            guard configuration.members.contains(where: { $0.id == participant }) else {
                throw .invalidField(field: "plan.secure_aggregation", reason: "participant \(participant) is not a member")
            }
        }
    }
}
