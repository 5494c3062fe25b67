import ChorusSupport
/// Group normalisation (Wu & He 2018) over a channel-major batch: each
/// sample's channels are split into `groups`, each group is normalised by its
/// own mean and variance over its channels and positions, then scaled and
/// shifted per channel (`γ` then `β` in the parameter slice). Unlike batch
/// normalisation it keeps no batch statistics, so it survives federated
/// averaging. ε = 1e-5 as in PyTorch.
final class GroupNorm: Layer {
    let shape: Shape
    let groups: Int
    let output: Tensor
    let inputGradient: Tensor?
    /// The normalised input x̂ of the last forward.
    let normalized: Tensor
    /// 1/σ per (sample, group) of the last forward.
    let inverseDeviation: Tensor
    static let epsilon: Float = 1e-5

    init(shape: Shape, groups: Int, batchCapacity: Int) {
        self.shape = shape
        self.groups = groups
        output = Tensor(shape: shape, batchCapacity: batchCapacity)
        inputGradient = Tensor(shape: shape, batchCapacity: batchCapacity)
        normalized = Tensor(shape: shape, batchCapacity: batchCapacity)
        inverseDeviation = Tensor(shape: .vector(groups), batchCapacity: batchCapacity)
    }

    var channelsPerGroup: Int { shape.channels / groups }

    func forward(_ x: Tensor, batch: Int, parameters: TensorSlice, training: Bool, generator: inout SeededGenerator) {
        check(x, holds: shape, batch: batch)
        check(parameters, count: 2 * shape.channels)
        normalize(x, batch: batch, parameters: parameters)
    }

    func backward(_ dy: Tensor, input x: Tensor, batch: Int, parameters: TensorSlice, gradients: TensorSlice) {
        check(dy, holds: shape, batch: batch)
        check(gradients, count: 2 * shape.channels)
        guard let inputGradient else { return }
        parameterGradients(dy, batch: batch, into: gradients)
        normalizationGradient(dy, batch: batch, parameters: parameters, into: inputGradient)
    }
}
