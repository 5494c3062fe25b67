import Audit
import ChorusSupport
import DifferentialPrivacy
import Federation
import SecureAgg

extension Coordinator {
    /// Why an exposed round's update may be missing from the model.
    static let interruptionReason = "the coordinator stopped after the aggregate could be unmasked and before its update was applied; the round is accounted"

    /// Commits the round before its aggregate can first be seen: accounts it with
    /// the noise its contributors added and checkpoints that, with a record of
    /// the round as interrupted, so that a crash from here on can never leave
    /// the release unaccounted (a restart appends the record to the report).
    /// (`RoundCoordinator` asks for it only with enough contributors for the noise
    /// the run promised.)
    func commitExposure(_ round: UInt64, sampled: [ParticipantID], contributors: [ParticipantID],
                        secure: RoundConfiguration?) throws(ServerError) {
        let model = Hex.encode(PlanMessage.modelHash(state.parameters))
        let privacy = try account(round, contributors: contributors.count)
        state.metadata.lastRecord = ReportRoundRecord(
            sampled: sampled.map(\.rawValue), survivors: contributors.map(\.rawValue), privacy: privacy,
            modelBefore: model, modelAfter: model, testAccuracy: nil, testLoss: nil, interruption: Self.interruptionReason,
            secureAggregation: secure.map {
                RoundSecureAggregation(members: $0.members.count, graph: $0.parameters.graph.name, degree: $0.parameters.degree,
                                       threshold: $0.parameters.threshold)
            })
        try state.save(to: setup.checkpointURL)
        logger.info("round committed before unmasking", metadata: [
            "round": "\(round)", "contributors": "\(contributors.count)", "epsilon": "\(privacy.epsilonRDP)",
        ])
        #if CHORUS_FAULT_INJECTION
        CrashPoint.reach("coordinator.aggregate-exposed")
        #endif
    }

    /// After an aborted round: if its aggregate could already be seen, its
    /// committed record goes into the report, so the epsilon reported covers it.
    func recordIfExposed(_ round: UInt64) throws(ServerError) {
        guard let record = state.metadata.lastRecord, record.round == Int(round), try Self.appendIfMissing(record, to: &report) else {
            return
        }
        logger.warning("the aborted round was accounted: its aggregate could be seen", metadata: ["round": "\(round)"])
    }

    /// Appends the checkpoint's `record` to `report` unless it is there already.
    static func appendIfMissing(_ record: ReportRoundRecord, to report: inout PrivacyReportWriter) throws(ServerError) -> Bool {
        do { return try report.appendIfMissing(record) } catch { throw .report(error) }
    }

    /// Adds the round to the accountant with the noise its contributors added
    /// and returns its report facts.
    private func account(_ round: UInt64, contributors: Int) throws(ServerError) -> PrivacyRoundRecord {
        var record = PrivacyRoundRecord(round: Int(round), samplingRate: run.samplingRate, plannedNoiseMultiplier: 0,
                                        effectiveNoiseMultiplier: 0, survivors: contributors, noisySurvivors: contributors,
                                        clipNorm: run.clipNorm, bits: run.bits,
                                        epsilonRDP: .infinity, epsilonPLD: nil)
        record.sampleSize = run.sampleSize
        record.population = run.rosterSize
        guard run.privacy else { return record }
        do {
            try state.metadata.accountant.addRound(of: mechanism, sampling: run.sampling, noisySurvivors: contributors)
            record.plannedNoiseMultiplier = run.noiseMultiplier
            record.effectiveNoiseMultiplier = mechanism.effectiveNoiseMultiplier(noisySurvivors: contributors)
            record.epsilonRDP = try state.metadata.accountant.epsilon(delta: config.privacy.delta, accountant: .rdp)
            return record
        } catch {
            throw .accounting(round: round, error)
        }
    }
}
