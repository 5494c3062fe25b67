import ChorusSupport
import DifferentialPrivacy
import Federation
import ML

/// One participant's contribution to a round: trained from the global model on
/// its own data, Δ = w_local − w (or, when the plan asks for class statistics,
/// `ClassStatistics.of` its data), privatized (clip, rotate, noise, quantize)
/// and laid out as `UpdateLayout` says. When the plan asks for federated
/// evaluation, the participant trains on its clips less a fixed held-out part,
/// evaluates the plan's model on that part, and privatizes its counts with the
/// update as one vector (`FederatedEvaluation`).
public struct LocalUpdate: Sendable {
    /// The vector to mask (or send in the clear): the d' ring elements of the
    /// privatized update (and evaluation counts), nothing else (`UpdateLayout`).
    public var vector: [UInt32]
    /// The exact counts of the plan's model on the held-out clips; kept by the
    /// participant, only their noised form in `vector` leaves. nil without evaluation.
    public var evaluation: EvaluationCounts?
    /// Mean training loss of the last local epoch (0 without training); kept
    /// by the participant, never sent.
    public var loss: Double
    /// Coordinates of this update that wrapped around the ring; kept by the participant, never sent.
    public var wrapped: Int
    /// Wall time of local training and of privatization, seconds.
    public var trainingSeconds: Double
    public var privatizeSeconds: Double

    /// Trains and privatizes as `plan` asks.
    /// - Parameters:
    ///   - data: the participant's segments (shrunk to the plan's input size when an integer
    ///     factor larger); nil skips training and privatizes a
    ///     synthetic update drawn from `plan.training.seed` (benchmarks of the protocol alone).
    /// - Throws: `ClientError.training`, `.privacyParameters` or `.privacy`.
    public static func compute(plan: RoundPlan, parameters: [Float], data: FeatureSet?) throws(ClientError) -> LocalUpdate {
        let clock = ContinuousClock()
        let start = clock.now
        var data = data
        var counts: EvaluationCounts?
        if let evaluation = plan.quantization.evaluation {
            let split = data.map { heldOut(of: $0, evaluation) }
            data = split?.train
            counts = try evaluate(parameters, architecture: plan.architecture, on: split?.heldOut, evaluation)
        }
        var delta: [Float]
        var loss = 0.0
        if let data, plan.training.contribution == .classStatistics {
            // Nothing is trained: the release is the statistics themselves (not a
            // difference to the global model, which they do not depend on).
            do { delta = try ClassStatistics.of(data, architecture: plan.architecture) } catch { throw .training(error) }
        } else if let data {
            do {
                var network = try Network(architecture: plan.architecture, parameters: parameters)
                let summary = try Trainer.train(&network, on: data.resized(for: plan.architecture), epochs: plan.training.epochs,
                                                batchSize: plan.training.batchSize, optimizer: plan.training.optimizer,
                                                seed: plan.training.seed &+ UInt64(plan.participant.rawValue),
                                                augmentation: plan.training.augmentation)
                loss = summary.epochs.last?.trainLoss ?? 0
                delta = network.parameters
            } catch {
                throw .training(error)
            }
            for index in delta.indices { delta[index] -= parameters[index] }
        } else {
            var generator = SeededGenerator(seed: plan.training.seed &+ UInt64(plan.participant.rawValue))
            delta = (0..<parameters.count).map { _ in Float.random(in: -1e-3...1e-3, using: &generator) }
        }
        let trained = clock.now
        if let counts, let scale = plan.quantization.countScale {
            clip(&delta, to: plan.quantization.clipNorm)
            delta += counts.encoded(scale: scale)
        }
        let mechanism: DistributedDiscreteGaussian
        do {
            mechanism = try plan.quantization.mechanism(dimension: plan.architecture.parameterCount)
        } catch {
            throw .privacyParameters(error)
        }
        let privatized: PrivatizedUpdate
        do {
            privatized = try mechanism.privatize(update: delta, roundSeed: plan.roundSeed)
        } catch {
            throw .privacy(error)
        }
        let done = clock.now
        return LocalUpdate(vector: privatized.values, evaluation: counts, loss: loss, wrapped: privatized.wrapped,
                           trainingSeconds: (trained - start).seconds, privatizeSeconds: (done - trained).seconds)
    }
}
