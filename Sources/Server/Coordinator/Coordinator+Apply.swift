import Audit
import ChorusSupport
import DifferentialPrivacy
import Federation
import Foundation
import ML
import SecureAgg

extension Coordinator {
    /// Decodes the unmasked sum, applies the server step, evaluates, accounts
    /// the round with the noise its survivors really added, then checkpoints and
    /// appends the round to the privacy report (in that order, so a crash
    /// between the two is mended on restart).
    func apply(_ round: UInt64, sum: [UInt32], survivors: [ParticipantID], sampled: [ParticipantID], roundSeed: RoundSeed,
               summary: inout RoundSummary) throws(ServerError) {
        let clock = ContinuousClock()
        let started = clock.now
        summary.survivors = survivors.count
        guard survivors.count >= run.minimumSurvivors else {
            let reason = "\(survivors.count) survivors, fewer than the \(run.minimumSurvivors) whose noise the run promised; the sum is discarded"
            logger.warning("round discarded", metadata: ["round": "\(round)", "reason": "\(reason)"])
            summary.outcome = .aborted(reason: reason)
            state.metadata.round = round
            try state.save(to: setup.checkpointURL)
            return
        }
        setup.observer?(.aggregate(round: round, sum: sum, survivors: survivors.map(\.rawValue)))
        let average: [Float]
        let extras: (update: [UInt32], lossSum: Double, wrapped: Int)
        do {
            extras = try UpdateLayout.splitExtras(sum)
            average = try mechanism.decode(sum: extras.update, survivors: survivors.count, roundSeed: roundSeed)
        } catch {
            throw .privacy(reason: "cannot decode round \(round): \(error)")
        }
        summary.trainLoss = extras.lossSum / Double(survivors.count)
        let before = Hex.encode(PlanMessage.modelHash(state.parameters))
        var parameters = state.parameters, momentum = state.momentum
        state.parameters = []
        state.momentum = []
        ServerOptimizer.apply(average: average, to: &parameters, momentum: &momentum,
                              learningRate: config.server.learningRate, momentumFactor: config.server.momentum)
        state.parameters = parameters
        state.momentum = momentum
        let network: Network
        do { network = try Network(architecture: state.metadata.architecture, parameters: state.parameters) } catch {
            throw .model(error)
        }
        if let testSet = setup.testSet {
            do {
                let evaluation = try Evaluator.evaluate(network, on: testSet)
                summary.testAccuracy = evaluation.segmentAccuracy
                summary.testLoss = evaluation.loss
            } catch {
                throw .model(error)
            }
        }
        let privacy = try account(round, survivors: survivors.count, wrapped: extras.wrapped)
        summary.epsilon = run.privacy ? (config.privacy.accountant == .rdp ? privacy.epsilonRDP : privacy.epsilonPLD) : nil
        let record = ReportRoundRecord(sampled: sampled.map(\.rawValue), survivors: survivors.map(\.rawValue), privacy: privacy,
                                       modelBefore: before, modelAfter: Hex.encode(PlanMessage.modelHash(state.parameters)),
                                       testAccuracy: summary.testAccuracy ?? 0, testLoss: summary.testLoss ?? 0)
        state.metadata.round = round
        state.metadata.completedRounds += 1
        state.metadata.lastRecord = record
        try state.save(to: setup.checkpointURL)
        do { try report.append(record) } catch { throw .report(error) }
        do { try ModelFile.save(network, labelNames: setup.labelNames, to: setup.modelURL) } catch { throw .model(error) }
        summary.stageSeconds.append(("decode+apply", (clock.now - started).seconds))
        logger.info("round applied", metadata: [
            "round": "\(round)", "survivors": "\(survivors.count)", "train_loss": "\(summary.trainLoss ?? 0)",
            "test_accuracy": "\(summary.testAccuracy ?? 0)", "epsilon": "\(summary.epsilon ?? .infinity)",
        ])
    }

    /// Adds the round to the accountant at its effective noise and returns its report facts.
    private func account(_ round: UInt64, survivors: Int, wrapped: Int) throws(ServerError) -> PrivacyRoundRecord {
        guard run.privacy else {
            return PrivacyRoundRecord(round: Int(round), samplingRate: run.samplingRate, plannedNoiseMultiplier: 0,
                                      effectiveNoiseMultiplier: 0, survivors: survivors, noisySurvivors: survivors,
                                      clipNorm: run.clipNorm, bits: run.bits, wrappedCoordinates: wrapped,
                                      epsilonRDP: .infinity, epsilonPLD: .infinity)
        }
        let effective = mechanism.effectiveNoiseMultiplier(noisySurvivors: survivors)
        do {
            try state.metadata.accountant.addRounds(samplingRate: run.samplingRate, noiseMultiplier: effective)
            let delta = config.privacy.delta
            return PrivacyRoundRecord(round: Int(round), samplingRate: run.samplingRate,
                                      plannedNoiseMultiplier: run.noiseMultiplier, effectiveNoiseMultiplier: effective,
                                      survivors: survivors, noisySurvivors: survivors, clipNorm: run.clipNorm, bits: run.bits,
                                      wrappedCoordinates: wrapped,
                                      epsilonRDP: try state.metadata.accountant.epsilon(delta: delta, accountant: .rdp),
                                      epsilonPLD: try state.metadata.accountant.epsilon(delta: delta, accountant: .pld))
        } catch {
            throw .privacy(reason: "cannot account round \(round): \(error)")
        }
    }
}
