import Federation

/// What a participant accepts: it declines, saying why, any round plan that
/// breaks one of these rules.
public struct ParticipantPolicy: Sendable, Equatable {
    /// The smallest noise multiplier z accepted; 0 also accepts rounds without DP.
    public var minimumNoiseMultiplier: Double
    /// The largest epsilon (at the plan's delta) the run may reach with this
    /// round, recomputed from the plan's accounting; nil: no limit.
    public var maximumEpsilon: Double?
    /// The most rounds this participant contributes an update to; nil: no limit.
    public var maximumRounds: Int?
    /// Whether updates may be sent in the clear (secure aggregation off).
    public var allowsPlainUpdates: Bool

    public init(minimumNoiseMultiplier: Double = 0, maximumEpsilon: Double? = nil, maximumRounds: Int? = nil,
                allowsPlainUpdates: Bool = false) {
        self.minimumNoiseMultiplier = minimumNoiseMultiplier
        self.maximumEpsilon = maximumEpsilon
        self.maximumRounds = maximumRounds
        self.allowsPlainUpdates = allowsPlainUpdates
    }

    /// The reason to decline `plan`, or nil to take part.
    /// - Parameter contributed: rounds this participant already contributed to.
    public func declineReason(for plan: RoundPlan, contributed: Int) -> String? {
        let z = plan.quantization.noiseMultiplier
        if z < minimumNoiseMultiplier {
            return "noise multiplier \(z) is below this participant's minimum \(minimumNoiseMultiplier)"
        }
        if plan.secureAggregation == nil && !allowsPlainUpdates {
            return "the round has no secure aggregation and this participant sends updates only masked"
        }
        if let maximumRounds, contributed >= maximumRounds {
            return "this participant already contributed to \(contributed) rounds, its maximum is \(maximumRounds)"
        }
        if let maximumEpsilon {
            let epsilon: Double
            do {
                epsilon = try plan.promisedEpsilon()
            } catch {
                return "cannot recompute the round's epsilon: \(error)"
            }
            if !(epsilon <= maximumEpsilon) {
                return "the run would reach epsilon \(epsilon) at delta \(plan.delta), above this participant's maximum \(maximumEpsilon)"
            }
        }
        return nil
    }
}
