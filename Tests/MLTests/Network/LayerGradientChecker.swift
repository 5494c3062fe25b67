import ChorusSupport
import ML
import Testing
import TestSupport

/// Checks a layer's backward pass against central finite differences of the
/// scalar `L = Σ r ⊙ forward(x)` for a fixed random projection `r`.
///
/// Tolerance: the layer runs in float32 and L sums a few hundred terms of
/// size ~1, so each evaluation carries ~1e-5 absolute rounding; with step
/// h = 1e-2 that is ~1e-3 in the difference quotient, and the layers are
/// piecewise linear or smooth, so |analytic − numeric| ≤ 1e-2 + 1e-2·|analytic|
/// separates a right gradient from a wrong one (a wrong index or missing term
/// is off by O(1)). Inputs are drawn so no ReLU kink or max-pool tie lies
/// within h of them.
struct LayerGradientChecker {
    let spec: LayerSpec
    let batch: Int
    let isFirst: Bool
    var input: [Float]
    var parameters: [Float]
    let projection: [Float]

    static let step: Float = 1e-2

    init(_ spec: LayerSpec, batch: Int, isFirst: Bool = false, seed: UInt64,
         input makeInput: (Int, inout SplitMix64) -> [Float]) {
        var generator = SplitMix64(seed: seed)
        self.spec = spec
        self.batch = batch
        self.isFirst = isFirst
        input = makeInput(batch * spec.inputShape.count, &generator)
        parameters = (0..<max(spec.parameterCount, 1)).map { _ in Float.random(in: -0.5...0.5, using: &generator) }
        projection = (0..<(batch * spec.outputShape.count)).map { _ in Float.random(in: -1...1, using: &generator) }
    }

    /// Distinct values spaced 0.1 apart, shuffled, away from zero: no ties and no kinks within the step.
    static func spacedInput(_ count: Int, _ generator: inout SplitMix64) -> [Float] {
        var values = (0..<count).map { Float($0 - count / 2) * 0.1 + 0.05 }
        values.shuffle(using: &generator)
        return values
    }

    static func uniformInput(_ count: Int, _ generator: inout SplitMix64) -> [Float] {
        (0..<count).map { _ in Float.random(in: -1...1, using: &generator) }
    }

    /// L for the given input and parameters, on a fresh layer (dropout's generator fixed).
    func objective(input: [Float], parameters: [Float]) -> Double {
        let layer = NetworkWorkspace.makeLayer(spec, batchCapacity: batch, isFirst: isFirst)
        var generator = SeededGenerator(seed: 99)
        layer.forward(Tensor(input, shape: spec.inputShape), batch: batch, parameters: Self.slice(parameters, count: spec.parameterCount),
                      training: true, generator: &generator)
        let output = layer.output.values(batch: batch)
        return projection.indices.reduce(0.0) { $0 + Double(projection[$1]) * Double(output[$1]) }
    }

    /// The analytic input and parameter gradients of L.
    func analytic() -> (input: [Float]?, parameters: [Float]) {
        let layer = NetworkWorkspace.makeLayer(spec, batchCapacity: batch, isFirst: isFirst)
        var generator = SeededGenerator(seed: 99)
        let gradients = Tensor([Float](repeating: .nan, count: max(spec.parameterCount, 1)))
        let x = Tensor(input, shape: spec.inputShape)
        let p = Self.slice(parameters, count: spec.parameterCount)
        layer.forward(x, batch: batch, parameters: p, training: true, generator: &generator)
        layer.backward(Tensor(projection, shape: spec.outputShape), input: x, batch: batch,
                       parameters: p, gradients: TensorSlice(gradients, offset: 0, count: spec.parameterCount))
        let inputGradient = layer.inputGradient.map { $0.values(batch: batch) }
        return (inputGradient, Array(gradients.values(batch: 1).prefix(spec.parameterCount)))
    }

    /// The first `count` of `values` as a layer's parameter slice.
    static func slice(_ values: [Float], count: Int) -> TensorSlice {
        TensorSlice(Tensor(values), offset: 0, count: count)
    }

    /// Compares every input and parameter gradient (or every `stride`-th) with finite differences.
    func check(stride: Int = 1, sourceLocation: SourceLocation = #_sourceLocation) {
        let (inputGradient, parameterGradient) = analytic()
        if !isFirst {
            #expect(inputGradient != nil, "layer must produce an input gradient", sourceLocation: sourceLocation)
        }
        if let inputGradient {
            compare(inputGradient, at: input, stride: stride, name: "x", sourceLocation) { objective(input: $0, parameters: parameters) }
        }
        compare(parameterGradient, at: parameters, stride: stride, name: "θ", sourceLocation) { objective(input: input, parameters: $0) }
    }

    /// Central differences of `objective` around `point` against the `analytic` gradient there.
    private func compare(_ analytic: [Float], at point: [Float], stride: Int, name: String, _ location: SourceLocation,
                         _ objective: ([Float]) -> Double) {
        for i in Swift.stride(from: 0, to: analytic.count, by: stride) {
            var plus = point, minus = point
            plus[i] += Self.step
            minus[i] -= Self.step
            let numeric = (objective(plus) - objective(minus)) / Double(2 * Self.step)
            #expect(abs(Double(analytic[i]) - numeric) <= 1e-2 + 1e-2 * abs(Double(analytic[i])),
                    "∂L/∂\(name)[\(i)]: analytic \(analytic[i]), numeric \(numeric)", sourceLocation: location)
        }
    }
}
