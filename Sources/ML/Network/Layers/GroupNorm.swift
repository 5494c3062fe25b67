import ChorusSupport
/// Group normalisation (Wu & He 2018) over a channel-major batch: each
/// sample's channels are split into `groups`, each group is normalised by its
/// own mean and variance over its channels and positions, then scaled and
/// shifted per channel (`γ` then `β` in the parameter slice). Unlike batch
/// normalisation it keeps no batch statistics, so it survives federated
/// averaging. ε = 1e-5 as in PyTorch.
final class GroupNorm: BufferedLayer {
    let shape: Shape
    let groups: Int
    let outputBuffer: FloatBuffer
    let inputGradientBuffer: FloatBuffer?
    /// The normalised input x̂ of the last forward.
    let normalized: FloatBuffer
    /// 1/σ per (sample, group) of the last forward.
    let inverseDeviation: FloatBuffer
    static let epsilon: Float = 1e-5

    init(shape: Shape, groups: Int, batchCapacity: Int) {
        self.shape = shape
        self.groups = groups
        outputBuffer = FloatBuffer(count: batchCapacity * shape.count)
        inputGradientBuffer = FloatBuffer(count: batchCapacity * shape.count)
        normalized = FloatBuffer(count: batchCapacity * shape.count)
        inverseDeviation = FloatBuffer(count: batchCapacity * groups)
    }

    private var channelsPerGroup: Int { shape.channels / groups }

    func forward(_ x: UnsafePointer<Float>, batch: Int, parameters: UnsafePointer<Float>,
                 training: Bool, generator: inout SeededGenerator) {
        let (plane, perGroup) = (shape.plane, channelsPerGroup)
        let columns = batch * plane
        let count = Float(perGroup * plane)
        let (y, xHat, inverse) = (output, normalized.pointer, inverseDeviation.pointer)
        let (scale, shift) = (parameters, parameters + shape.channels)
        Parallel.forEach(batch) { sample in
            for group in 0..<groups {
                let channels = (group * perGroup)..<((group + 1) * perGroup)
                var mean: Float = 0
                for c in channels { mean += Kernels.sum(x + c * columns + sample * plane, count: plane) }
                mean /= count
                var variance: Float = 0
                for c in channels {
                    let row = x + c * columns + sample * plane
                    for i in 0..<plane { variance += (row[i] - mean) * (row[i] - mean) }
                }
                variance /= count
                let invSigma = 1 / (variance + Self.epsilon).squareRoot()
                inverse[sample * groups + group] = invSigma
                for c in channels {
                    let offset = c * columns + sample * plane
                    for i in 0..<plane {
                        let normal = (x[offset + i] - mean) * invSigma
                        xHat[offset + i] = normal
                        y[offset + i] = normal * scale[c] + shift[c]
                    }
                }
            }
        }
    }

    func backward(_ dy: UnsafePointer<Float>, input x: UnsafePointer<Float>, batch: Int,
                  parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        let (plane, perGroup) = (shape.plane, channelsPerGroup)
        let columns = batch * plane
        let count = Float(perGroup * plane)
        guard let dx = inputGradient else { return }
        let (xHat, inverse) = (UnsafePointer(normalized.pointer), UnsafePointer(inverseDeviation.pointer))
        let scale = parameters
        for c in 0..<shape.channels {
            gradients[c] = Kernels.dot(dy + c * columns, xHat + c * columns, count: columns)
            gradients[shape.channels + c] = Kernels.sum(dy + c * columns, count: columns)
        }
        Parallel.forEach(batch) { sample in
            for group in 0..<groups {
                let channels = (group * perGroup)..<((group + 1) * perGroup)
                // With g = dy·γ: dx = (1/σ)(g − mean(g) − x̂·mean(g·x̂)).
                var sumG: Float = 0, sumGX: Float = 0
                for c in channels {
                    let offset = c * columns + sample * plane
                    sumG += scale[c] * Kernels.sum(dy + offset, count: plane)
                    sumGX += scale[c] * Kernels.dot(dy + offset, xHat + offset, count: plane)
                }
                let (meanG, meanGX) = (sumG / count, sumGX / count)
                let invSigma = inverse[sample * groups + group]
                for c in channels {
                    let offset = c * columns + sample * plane
                    for i in 0..<plane {
                        dx[offset + i] = invSigma * (dy[offset + i] * scale[c] - meanG - xHat[offset + i] * meanGX)
                    }
                }
            }
        }
    }
}
