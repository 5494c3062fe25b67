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
        if let configuration = run.quantization {
            guard let quantization = try? configuration.mechanism() else {
                throw VerificationFailure(0, "the run's noise configuration is not a valid mechanism")
            }
            try checkNoise(privacy, quantization: quantization, record: record)
        } else if privacy.effectiveNoiseMultiplier != 0 || privacy.epsilonRDP != .infinity {
            throw VerificationFailure(record, "the run has no differential privacy, yet the round records noise or a finite epsilon")
        }
        let spent = run.accountant == .rdp ? privacy.epsilonRDP : privacy.epsilonPLD
        guard spent <= run.epsilonBudget else {
            throw VerificationFailure(record, "epsilon \(spent) exceeds the budget \(run.epsilonBudget)")
        }
    }

    private mutating func checkNoise(_ privacy: PrivacyRoundRecord, quantization: DistributedDiscreteGaussian,
                                     record: Int) throws(VerificationFailure) {
        let promised = quantization.effectiveNoiseMultiplier(noisySurvivors: quantization.minimumSurvivors)
        let effective = quantization.effectiveNoiseMultiplier(noisySurvivors: privacy.noisySurvivors)
        guard Self.close(privacy.effectiveNoiseMultiplier, effective) else {
            throw VerificationFailure(record, "effective noise multiplier \(privacy.effectiveNoiseMultiplier) is recorded, but \(privacy.noisySurvivors) noisy survivors give \(effective)")
        }
        guard effective >= promised * (1 - Self.tolerance) else {
            throw VerificationFailure(record, "effective noise multiplier \(effective) is below the \(promised) the run promised")
        }
        guard recomputeEpsilon else { return }
        let delta = run?.privacy.delta ?? 0
        do {
            try accountant.addRounds(samplingRate: privacy.samplingRate, noiseMultiplier: effective)
            let rdp = try accountant.epsilon(delta: delta, accountant: .rdp)
            let pld = try accountant.epsilon(delta: delta, accountant: .pld)
            guard Self.close(privacy.epsilonRDP, rdp) else {
                throw VerificationFailure(record, "epsilon by RDP is recorded as \(privacy.epsilonRDP), recomputed as \(rdp)")
            }
            guard Self.close(privacy.epsilonPLD, pld) else {
                throw VerificationFailure(record, "epsilon by PLD is recorded as \(privacy.epsilonPLD), recomputed as \(pld)")
            }
        } catch let failure as VerificationFailure {
            throw failure
        } catch {
            throw VerificationFailure(record, "cannot recompute epsilon: \(error)")
        }
    }

    static let tolerance = ReportVerifier.epsilonTolerance

    static func close(_ recorded: Double, _ recomputed: Double) -> Bool {
        if recorded == recomputed { return true }
        return abs(recorded - recomputed) <= tolerance * max(abs(recorded), abs(recomputed))
    }
}
