import DifferentialPrivacy

/// One finished round: who took part, what the model became, and the budget
/// spent so far.
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
    /// Accuracy and mean loss of the new model on the operator's held-out set.
    public var testAccuracy: Double
    public var testLoss: Double

    public init(sampled: [UInt32], survivors: [UInt32], privacy: PrivacyRoundRecord,
                modelBefore: String, modelAfter: String, testAccuracy: Double, testLoss: Double) {
        self.sampled = sampled
        self.survivors = survivors
        self.privacy = privacy
        self.modelBefore = modelBefore
        self.modelAfter = modelAfter
        self.testAccuracy = testAccuracy
        self.testLoss = testLoss
    }

    /// The round id.
    public var round: Int { privacy.round }

    enum CodingKeys: String, CodingKey {
        case sampled, survivors, privacy, modelBefore = "model_before", modelAfter = "model_after"
        case testAccuracy = "test_accuracy", testLoss = "test_loss"
    }
}
