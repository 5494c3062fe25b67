import Audit
import ChorusSupport
import DifferentialPrivacy
import Federation
import Foundation
import ML
import SecureAgg

extension Coordinator {
    /// Decodes the unmasked sum of the committed round, applies the server
    /// step, evaluates, then checkpoints and appends the round to the privacy
    /// report (in that order, so a crash between the two is mended on restart).
    func apply(_ round: UInt64, sum: [UInt32], survivors: [ParticipantID], roundSeed: RoundSeed,
               summary: inout RoundSummary) throws(ServerError) {
        let clock = ContinuousClock()
        let started = clock.now
        summary.survivors = survivors.count
        guard var record = state.metadata.lastRecord, record.round == Int(round), record.interruption != nil,
              record.survivors == survivors.map(\.rawValue) else {
            throw .uncommittedRound(round: round)
        }
        setup.observer?(.aggregate(round: round, sum: sum, survivors: survivors.map(\.rawValue)))
        var average: [Float]
        do {
            average = try mechanism.decode(sum: sum, survivors: survivors.count, roundSeed: roundSeed)
        } catch {
            throw .decoding(round: round, error)
        }
        let dimension = state.metadata.architecture.parameterCount
        if let scale = run.quantization.countScale {
            summary.federated = NoisedEvaluationCounts(released: average[dimension...], survivors: survivors.count, scale: scale)
            average.removeSubrange(dimension...)
        }
        var parameters = state.parameters, momentum = state.momentum
        state.parameters = []
        state.momentum = []
        switch config.training.contribution ?? .modelUpdate {
        case .modelUpdate:
            ServerOptimizer.apply(average: average, to: &parameters, momentum: &momentum,
                                  learningRate: config.server.learningRate, momentumFactor: config.server.momentum)
        case .classStatistics:
            do {
                try ServerOptimizer.accumulate(statistics: average, into: &momentum, parameters: &parameters,
                                               architecture: state.metadata.architecture)
            } catch { throw .model(error) }
        }
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
        #if CHORUS_FAULT_INJECTION
        CrashPoint.reach("coordinator.update-applied")
        #endif
        summary.epsilon = run.privacy ? record.privacy.epsilonRDP : nil
        record.modelAfter = Hex.encode(PlanMessage.modelHash(state.parameters))
        record.testAccuracy = summary.testAccuracy
        record.testLoss = summary.testLoss
        record.federatedEvaluation = summary.federated.map {
            FederatedEvaluationRecord(accuracy: $0.accuracy, clips: $0.clips, correct: $0.correct, total: $0.total)
        }
        record.interruption = nil
        state.metadata.completedRounds += 1
        state.metadata.lastRecord = record
        try state.save(to: setup.checkpointURL)
        #if CHORUS_FAULT_INJECTION
        CrashPoint.reach("coordinator.checkpointed")
        #endif
        do { try report.append(record) } catch { throw .report(error) }
        try Self.saveModel(network, setup: setup)
        summary.stageSeconds.append(("decode+apply", (clock.now - started).seconds))
        logger.info("round applied", metadata: [
            "round": "\(round)", "survivors": "\(survivors.count)",
            "test_accuracy": "\(summary.testAccuracy ?? 0)",
            "federated_accuracy": "\(summary.federated?.accuracy.map { "\($0)" } ?? "-")", "epsilon": "\(summary.epsilon ?? .infinity)",
        ])
    }

    /// Writes the global model where the operator expects it.
    static func saveModel(_ network: Network, setup: CoordinatorSetup) throws(ServerError) {
        do {
            try ModelFile.save(network, labelNames: setup.labelNames, features: setup.featureParameters, to: setup.modelURL)
        } catch {
            throw .model(error)
        }
    }
}
