import ChorusSupport
import DifferentialPrivacy
import Federation
import ML
import SecureAgg

/// What a participant accepts: it declines, saying why, any round plan that
/// breaks one of these rules. Every rule is checked by the participant alone,
/// from the signed plan and its own ledger; nothing the coordinator says about
/// the rest of the run (its accounting, sampling rate or delta) is trusted.
public struct ParticipantPolicy: Sendable, Equatable {
    /// The smallest noise multiplier z accepted.
    public var minimumNoiseMultiplier: Double
    /// The largest epsilon this participant's own ledger may reach with the round
    /// (at `delta`, every round at q = 1); `.infinity`: no limit.
    public var maximumEpsilon: Double
    /// The delta at which this participant states and caps its own epsilon.
    public var delta: Double
    /// The most rounds this participant contributes an update to; nil: no limit.
    public var maximumRounds: Int?
    /// Whether updates may be sent in the clear (secure aggregation off).
    public var allowsPlainUpdates: Bool
    /// Whether rounds without DP noise (z = 0) are accepted.
    public var allowsNoPrivacy: Bool
    /// Whether rounds masked over the sparse graph (SecAgg+) are accepted. Its bound on
    /// corrupt neighbours holds only for a graph seed drawn at random, and the
    /// coordinator draws it: one that grinds seeds can fill a participant's
    /// neighbourhood with its colluders and unmask that participant's update.
    public var allowsSparseGraph: Bool
    /// How many of a round's members this participant assumes collude with the coordinator.
    public var collusion: CollusionAssumption
    /// The digest of the encoder whose embeddings this participant holds (`--encoder`), or
    /// nil for log-mel features: a plan whose model reads another front end is declined.
    public var encoderDigest: [UInt8]?

    /// The default cap on a participant's own epsilon (at delta 1e-5, no amplification
    /// assumed): 10, about what a 14-round run at z 1.9 (the demo's) costs a participant in
    /// every round; a participant who changes nothing stops there, not at a level where the
    /// bound protects nothing (e^30). A larger cap needs `--max-epsilon`.
    public static let defaultMaximumEpsilon = 10.0
    public static let defaultDelta = 1e-5

    public init(minimumNoiseMultiplier: Double = 0, maximumEpsilon: Double = defaultMaximumEpsilon,
                delta: Double = defaultDelta, maximumRounds: Int? = nil, allowsPlainUpdates: Bool = false,
                allowsNoPrivacy: Bool = false, allowsSparseGraph: Bool = false, collusion: CollusionAssumption = .default,
                encoderDigest: [UInt8]? = nil) {
        self.encoderDigest = encoderDigest
        self.allowsSparseGraph = allowsSparseGraph
        self.minimumNoiseMultiplier = minimumNoiseMultiplier
        self.maximumEpsilon = maximumEpsilon
        self.delta = delta
        self.maximumRounds = maximumRounds
        self.allowsPlainUpdates = allowsPlainUpdates
        self.allowsNoPrivacy = allowsNoPrivacy
        self.collusion = collusion
    }

    /// What this participant accounts `plan`'s round as: the sum of the noise
    /// shares that protect it against the coordinator, nil when none does (no noise).
    /// With secure aggregation, the shares of the t survivors the plan sizes them for
    /// (at most its n members) less its own (removing it removes its share) and less
    /// the larger of its own and the plan's assumed colluders (who can tell the
    /// coordinator theirs): min(t, n) − 1 − max(C_own, C_plan). In the clear, the
    /// coordinator sees its update with its own share alone.
    /// - Throws: `.invalidField` when the plan's numbers define no mechanism.
    public func accountedSum(for plan: RoundPlan) throws(FederationError) -> DiscreteGaussianSum? {
        let mechanism = try plan.quantization.mechanism(dimension: plan.architecture.parameterCount)
        guard let secure = plan.secureAggregation else { return mechanism.sum(ofShares: 1) }
        let members = secure.members.count
        let colluders = max(collusion.colluders(among: members), mechanism.assumedColluders)
        return mechanism.sum(ofShares: min(plan.quantization.minimumSurvivors, members) - 1 - colluders)
    }

    /// The reason to decline `plan`, or nil to take part.
    /// - Parameter ledger: the rounds this participant already contributed to.
    public func declineReason(for plan: RoundPlan, ledger: ParticipantLedger) -> String? {
        if let reason = encoderMismatch(plan.architecture.frontEnd) { return reason }
        let z = plan.quantization.releasedNoiseMultiplier
        if z == 0 && !allowsNoPrivacy {
            return "the round adds no DP noise and this participant sends only noised updates (--allow-no-dp to take part)"
        }
        if z < minimumNoiseMultiplier {
            return "noise multiplier \(z) is below this participant's minimum \(minimumNoiseMultiplier)"
        }
        if let secure = plan.secureAggregation {
            if let reason = unsafeReason(secure, minimumSurvivors: plan.quantization.minimumSurvivors) { return reason }
        } else if !allowsPlainUpdates {
            return "the round has no secure aggregation and this participant sends updates only masked (--allow-plain to take part)"
        }
        if let maximumRounds, ledger.rounds >= maximumRounds {
            return "this participant already contributed to \(ledger.rounds) rounds, its maximum is \(maximumRounds)"
        }
        guard z > 0 else { return nil }  // no noise, accepted above by --allow-no-dp: no epsilon to cap
        do {
            let epsilon = try ledger.epsilon(delta: delta, adding: .some(try accountedSum(for: plan)))
            if !(epsilon <= maximumEpsilon) {
                return "the round would take this participant's own epsilon to \(epsilon) at delta \(delta) over \(ledger.rounds + 1) rounds, above this participant's maximum \(maximumEpsilon)"
            }
        } catch {
            return "cannot account the round: \(error)"
        }
        return nil
    }

    /// Why this participant's features cannot feed the plan's model: the plan's
    /// head reads another encoder's embeddings (both digests named), or the
    /// plan and the participant disagree on using an encoder at all.
    func encoderMismatch(_ frontEnd: FrontEnd) -> String? {
        func name(_ digest: [UInt8]) -> String { "encoder \(Hex.encode(digest.prefix(8)))" }
        switch (frontEnd.encoderDigest, encoderDigest) {
        case (nil, nil): return nil
        case let (planned?, own?):
            return planned == Hex.encode(own) ? nil
                : "the round trains a head on encoder \(planned.prefix(16)), this participant's embeddings come from \(name(own)) (join with the coordinator's encoder file)"
        case let (planned?, nil):
            return "the round trains a head on encoder \(planned.prefix(16)), this participant holds log-mel features (join with --encoder and that encoder's file)"
        case let (nil, own?):
            return "the round trains a model on log-mel features, this participant holds embeddings of \(name(own)) (join without --encoder)"
        }
    }

    /// Why the secure-aggregation round is unsafe for this participant: a sparse graph
    /// it did not accept, a threshold below the lowest safe one for its own collusion
    /// assumption, or noise shares
    /// sized for more survivors than the round has members (each share too small).
    func unsafeReason(_ secure: RoundConfiguration, minimumSurvivors: Int) -> String? {
        let members = secure.members.count
        if secure.parameters.graph == .sparse && !allowsSparseGraph {
            return "the round masks over a sparse graph whose seed the coordinator draws: a coordinator grinding seeds could surround this participant with its colluders (--allow-sparse-graph to take part)"
        }
        if let reason = ThresholdRule.unsafeReason(secure.parameters, participants: members,
                                                   colluders: collusion.colluders(among: members)) {
            return reason
        }
        if minimumSurvivors > members {
            return "noise shares are sized for \(minimumSurvivors) survivors but the round has \(members) members: each share would be too small"
        }
        return nil
    }

    /// The reason to abandon a round whose coordinator announces `survivors`
    /// survivors, or nil: fewer than the t the noise shares are sized for leave
    /// the sum with less noise than the round promised.
    public func abandonReason(survivors: Int, plan: RoundPlan) -> String? {
        let needed = plan.quantization.minimumSurvivors
        guard survivors < needed else { return nil }
        return "\(survivors) survivors, fewer than the \(needed) the plan's noise needs"
    }
}
