import DifferentialPrivacy

/// One round whose aggregate the coordinator could see: who took part, what
/// the model became, and the budget spent so far. A round interrupted after its
/// aggregate became visible is recorded too (its privacy cost is real), with
/// the model unchanged and `interruption` saying why.
public struct ReportRoundRecord: Codable, Sendable, Equatable {
    /// Participant ids sampled for the round.
    public var sampled: [UInt32]
    /// Participant ids whose updates are in the aggregate.
    public var survivors: [UInt32]
    /// The round's privacy facts: sampling rate, planned and effective z, epsilon so far.
    public var privacy: PrivacyRoundRecord
    /// SHA-256 (hex) of the global parameters before and after the round.
    public var modelBefore: String
    public var modelAfter: String
    /// Accuracy and mean loss of the new model on the operator's held-out set;
    /// nil when the round's update was not applied.
    public var testAccuracy: Double?
    public var testLoss: Double?
    /// The participants' noised evaluation of the model the round started from
    /// (runs without operator test data); nil otherwise.
    public var federatedEvaluation: FederatedEvaluationRecord?
    /// Why the round's update was not applied although its aggregate could be
    /// seen (the coordinator stopped between unmasking and applying it); nil
    /// for a round that completed.
    public var interruption: String?
    /// The round's secure-aggregation parameters; nil for a round without secure aggregation.
    public var secureAggregation: RoundSecureAggregation?

    public init(sampled: [UInt32], survivors: [UInt32], privacy: PrivacyRoundRecord,
                modelBefore: String, modelAfter: String, testAccuracy: Double?, testLoss: Double?,
                interruption: String? = nil, secureAggregation: RoundSecureAggregation? = nil) {
        self.sampled = sampled
        self.survivors = survivors
        self.privacy = privacy
        self.modelBefore = modelBefore
        self.modelAfter = modelAfter
        self.testAccuracy = testAccuracy
        self.testLoss = testLoss
        self.interruption = interruption
        self.secureAggregation = secureAggregation
    }

    /// The round id.
    public var round: Int { privacy.round }

    enum CodingKeys: String, CodingKey {
        case sampled, survivors, privacy, modelBefore = "model_before", modelAfter = "model_after"
        case testAccuracy = "test_accuracy", testLoss = "test_loss", interruption, secureAggregation = "secure_aggregation"
        case federatedEvaluation = "federated_evaluation"
    }
}
