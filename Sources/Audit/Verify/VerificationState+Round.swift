import SecureAgg
import DifferentialPrivacy

extension VerificationState {
    /// Checks a round record against the run's promises and the rounds before it.
    mutating func checkRound(_ round: ReportRoundRecord, record: Int) throws(VerificationFailure) {
        guard let run else { throw VerificationFailure(record, "no run record before this round") }
        let privacy = round.privacy
        if let previous = rounds.last?.round, privacy.round <= previous {
            throw VerificationFailure(record, "round \(privacy.round) does not follow round \(previous): a round is counted twice or out of order")
        }
        if let previous = rounds.last, round.modelBefore != previous.modelAfter {
            throw VerificationFailure(record, "model_before is not round \(previous.round)'s model_after: the model was lost or replaced between rounds")
        }
        if round.interruption != nil, round.modelAfter != round.modelBefore {
            throw VerificationFailure(record, "the round is recorded as interrupted, yet its model changed")
        }
        guard Set(round.sampled).count == round.sampled.count, Set(round.survivors).count == round.survivors.count else {
            throw VerificationFailure(record, "a participant is listed twice")
        }
        guard Set(round.survivors).isSubset(of: Set(round.sampled)) else {
            throw VerificationFailure(record, "a survivor was not sampled")
        }
        guard privacy.survivors == round.survivors.count, privacy.noisySurvivors <= privacy.survivors else {
            throw VerificationFailure(record, "survivor counts disagree: \(privacy.survivors) recorded, \(round.survivors.count) listed, \(privacy.noisySurvivors) noisy")
        }
        try checkThreshold(round, declared: run.secureAggregation, record: record)
        let scheme = try checkSampling(round, declared: run.sampling, dp: run.quantization != nil, record: record)
        if let configuration = run.quantization {
            guard let quantization = try? configuration.mechanism() else {
                throw VerificationFailure(0, "the run's noise configuration is not a valid mechanism")
            }
            if let evaluation = configuration.evaluation { try Self.checkEvaluation(evaluation, joint: configuration) }
            guard let scheme else { throw VerificationFailure(0, "the run record does not declare how rounds are sampled") }
            guard run.privacy.neighbouringRelation == scheme.neighbouringRelation else {
                throw VerificationFailure(0, "the run declares the \(run.privacy.neighbouringRelation) relation, but its sampling is accounted under \(scheme.neighbouringRelation)")
            }
            try checkNoise(privacy, quantization: quantization, sampling: scheme, record: record)
            try discloseSample(round, quantization: quantization, sampling: scheme, record: record)
        } else if privacy.effectiveNoiseMultiplier != 0 || privacy.epsilonRDP != .infinity {
            throw VerificationFailure(record, "the run has no differential privacy, yet the round records noise or a finite epsilon")
        }
        let spent = privacy.epsilonRDP
        guard spent <= run.epsilonBudget else {
            throw VerificationFailure(record, "epsilon \(spent) exceeds the budget \(run.epsilonBudget)")
        }
    }

    /// Checks the round's secure-aggregation threshold against the run's declared
    /// collusion assumption, by the rule participants enforce (`ThresholdRule`).
    private func checkThreshold(_ round: ReportRoundRecord, declared: SecureAggregationSummary?,
                                record: Int) throws(VerificationFailure) {
        guard let declared else {
            guard round.secureAggregation == nil else {
                throw VerificationFailure(record, "the round records secure-aggregation parameters, but the run declares none")
            }
            return
        }
        guard let fraction = declared.toleratedCorruptFraction, fraction >= 0, fraction < 1 else {
            throw VerificationFailure(0, "the run uses secure aggregation but declares no valid threshold policy (tolerated_corrupt_fraction)")
        }
        guard let secure = round.secureAggregation else {
            throw VerificationFailure(record, "the run uses secure aggregation, but the round does not record its members and threshold")
        }
        guard let graph = SecureAggParameters.Graph(name: secure.graph) else {
            throw VerificationFailure(record, "the round's secure-aggregation graph \"\(secure.graph)\" is unknown")
        }
        guard secure.members >= round.survivors.count, secure.members <= round.sampled.count,
              secure.degree >= 1, secure.degree < secure.members else {
            throw VerificationFailure(record, "the round's \(secure.members) secure-aggregation members and degree \(secure.degree) do not fit its \(round.sampled.count) sampled and \(round.survivors.count) survivors")
        }
        let colluders = CollusionAssumption.fraction(fraction).colluders(among: secure.members)
        let lowest = ThresholdRule.lowestSafeThreshold(graph: graph, participants: secure.members, degree: secure.degree,
                                                       colluders: colluders)
        guard secure.threshold >= lowest else {
            throw VerificationFailure(record, "secure-aggregation threshold \(secure.threshold) of \(secure.members) members is below \(lowest), the lowest safe one for the run's declared colluding fraction \(fraction)")
        }
    }

    /// Checks the round's sampling against the run's declaration and returns
    /// the declared scheme (nil when the run declares none).
    private func checkSampling(_ round: ReportRoundRecord, declared: ReportSampling?, dp: Bool,
                               record: Int) throws(VerificationFailure) -> SamplingScheme? {
        guard let declared else { return nil }
        guard let scheme = declared.scheme else {
            throw VerificationFailure(0, "the run's sampling (mode \(declared.mode), rate \(declared.rate), sample size \(declared.sampleSize.map(String.init) ?? "none"), roster \(declared.rosterSize)) is not a valid scheme")
        }
        let privacy = round.privacy
        guard privacy.samplingRate == declared.rate, privacy.sampleSize == declared.sampleSize,
              privacy.population == declared.rosterSize else {
            throw VerificationFailure(record, "the round records sampling rate \(privacy.samplingRate), sample size \(privacy.sampleSize.map(String.init) ?? "none") of \(privacy.population.map(String.init) ?? "unknown"), not the run's declared \(declared.mode) sampling")
        }
        guard round.sampled.allSatisfy({ Int($0) < declared.rosterSize }) else {
            throw VerificationFailure(record, "a sampled participant is not on the roster of \(declared.rosterSize)")
        }
        switch scheme {
        case let .withoutReplacement(m, _):
            guard round.sampled.count == m else {
                throw VerificationFailure(record, "\(round.sampled.count) participants sampled, but the run draws exactly \(m)")
            }
        case .poisson(let rate):
            guard rate < 1 || round.sampled.count == declared.rosterSize else {
                throw VerificationFailure(record, "\(round.sampled.count) participants sampled, but the run takes all \(declared.rosterSize) (rate 1)")
            }
        }
        return scheme
    }

    private mutating func checkNoise(_ privacy: PrivacyRoundRecord, quantization: DistributedDiscreteGaussian,
                                     sampling: SamplingScheme, record: Int) throws(VerificationFailure) {
        let promised = quantization.effectiveNoiseMultiplier(noisySurvivors: quantization.minimumSurvivors)
        let effective = quantization.effectiveNoiseMultiplier(noisySurvivors: privacy.noisySurvivors)
        guard Self.close(privacy.effectiveNoiseMultiplier, effective) else {
            throw VerificationFailure(record, "effective noise multiplier \(privacy.effectiveNoiseMultiplier) is recorded, but \(privacy.noisySurvivors) noisy survivors give \(effective)")
        }
        guard effective >= promised * (1 - Self.tolerance) else {
            throw VerificationFailure(record, "effective noise multiplier \(effective) is below the \(promised) the run promised")
        }
        guard recomputeEpsilon else { return }
        guard privacy.epsilonPLD == nil else {
            throw VerificationFailure(record, "the round records a PLD epsilon, but the PLD does not hold for the distributed discrete Gaussian")
        }
        let delta = run?.privacy.delta ?? 0
        do {
            try accountant.addRound(of: quantization, sampling: sampling, noisySurvivors: privacy.noisySurvivors)
            let rdp = try accountant.epsilon(delta: delta, accountant: .rdp)
            guard Self.close(privacy.epsilonRDP, rdp) else {
                throw VerificationFailure(record, "epsilon by RDP is recorded as \(privacy.epsilonRDP), recomputed as \(rdp)")
            }
        } catch let failure as VerificationFailure {
            throw failure
        } catch {
            throw VerificationFailure(record, "cannot recompute epsilon: \(error)")
        }
    }

    /// The joint mechanism a run with federated evaluation accounts must follow from the
    /// update's clip C and multiplier z and the counts' multiplier z_e over their sensitivity
    /// B = √2·n (`JointRelease` with r = z_e/z: 1/z'² = 1/z² + 1/z_e²). Stating a larger z'
    /// would understate epsilon.
    static func checkEvaluation(_ evaluation: ReportEvaluationConfiguration,
                                joint: ReportNoiseConfiguration) throws(VerificationFailure) {
        let clip = evaluation.updateClipNorm, z = evaluation.updateNoiseMultiplier, countsZ = evaluation.noiseMultiplier
        guard clip > 0, z > 0, countsZ > 0, evaluation.maximumClips >= 1,
              close(evaluation.countSensitivity, 2.0.squareRoot() * Double(evaluation.maximumClips)) else {
            throw VerificationFailure(0, "the run's federated evaluation states clip \(clip), multipliers \(z) and \(countsZ) and sensitivity \(evaluation.countSensitivity) for \(evaluation.maximumClips) clips: not a valid evaluation")
        }
        let (jointClip, jointZ) = JointRelease.mechanism(clipNorm: clip, noiseMultiplier: z, noiseRatio: countsZ / z)
        guard close(joint.clipNorm, jointClip), close(joint.noiseMultiplier, jointZ) else {
            throw VerificationFailure(0, "the run accounts clip \(joint.clipNorm) and noise multiplier \(joint.noiseMultiplier), but its update (clip \(clip), z \(z)) and evaluation counts (z \(countsZ)) give clip \(jointClip) and z \(jointZ)")
        }
    }

    /// Charges the round, without amplification, to each participant whose update went
    /// into its sum: the report names them, so its readers know the sample.
    private mutating func discloseSample(_ round: ReportRoundRecord, quantization: DistributedDiscreteGaussian,
                                         sampling: SamplingScheme, record: Int) throws(VerificationFailure) {
        guard recomputeEpsilon else { return }
        for participant in round.survivors {
            do {
                try disclosed[participant, default: PrivacyAccountant()].addRound(
                    of: quantization, sampling: sampling.withoutAmplification, noisySurvivors: round.privacy.noisySurvivors)
            } catch {
                throw VerificationFailure(record, "cannot account the round for participant \(participant) without amplification: \(error)")
            }
        }
    }

    static let tolerance = ReportVerifier.epsilonTolerance

    static func close(_ recorded: Double, _ recomputed: Double) -> Bool {
        if recorded == recomputed { return true }
        return abs(recorded - recomputed) <= tolerance * max(abs(recorded), abs(recomputed))
    }
}
