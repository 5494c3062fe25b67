import Federation
import ML
import SecureAgg
import Server
import Simulation

/// Everything a run of the paper experiment is configured with; the table's
/// configuration paragraph and JSON are written from these values.
struct PaperExperimentSettings: Sendable {
    /// The table's rows, in table order. `centralizedPrivateModel` trains the DP
    /// row's model as `centralized` trains the CNN: what DP costs that model.
    enum RowKind: String, CaseIterable, Sendable {
        case centralized, centralizedPrivateModel = "centralized-dp-model", iid, scaled, dp, noniid
    }

    var rows = RowKind.allCases
    var seed: UInt64 = 1
    /// The front end of the data (and of the held-out folders, extracted with it).
    var features = FeatureParameters.standard
    /// Secure-aggregation graph of every federated row.
    var secureAggregationGraph = SecureAggParameters.Graph.complete
    /// The CNN of every row but DP (DESIGN.md's by default; the 25% row takes
    /// its shape on the 64×65 input).
    var architecture = Architecture.default

    // Centralized: Adam with early stopping on the validation clips.
    var centralizedEpochs = 30
    var centralizedAugmentation = false

    // Federated rows without DP: FedAvg, every participant in every round.
    var participants = 10
    var federatedRounds = 20
    var localEpochs = 2
    var localRule = CoordinatorConfig.Training.Rule.adam
    var localLearningRate: Float = 3e-3
    var localMomentum: Float = 0.9
    var localBatch = 16
    /// Cosine decay of the local learning rate over the rounds to this fraction; nil: constant.
    var cosineFloor: Float? = 0.1
    var serverLearningRate: Float = 1
    var serverMomentum: Float = 0
    var federatedAugmentation = false
    var dirichletAlpha = 0.5

    // The DP row: distributed discrete Gaussian, noise calibrated to the
    // coordinator's accounting; trained updates each round, or class statistics.
    var privateContribution = Contribution.modelUpdate
    var privateParticipants = 100
    var privateRounds = 20
    var targetEpsilon = 8.0
    var delta = 1e-5
    var privateClipNorm = 0.5
    /// Fraction of the participants whose noise shares together reach the calibrated z.
    var privateSurvivorFraction = 0.9
    /// The DP row's model: small, because the noise of each round's update
    /// grows with the square root of its parameter count. Its input is the
    /// segment resized to what the model takes (e.g. 4×4 averaging for `.tiny`).
    var privateArchitecture = Architecture.statisticsLinear
    var privateLocalEpochs = 5
    var privateLearningRate: Float = 0.1
    var privateServerLearningRate: Float = 1
}
