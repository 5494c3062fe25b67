import Foundation

/// musicnn (Pons and Serra, 2019) at inference on Chorus's OpenBLAS engine,
/// layer for layer as musicnn 0.1.0's `build_musicnn` defines it, from a
/// 187-frame × 96-band log-mel patch (time-major):
///
/// - front end: batch norm of the input; two timbral convolutions ([7, 38]
///   and [7, 67], 204 filters, the input zero-padded 3 frames each side in
///   time, valid in frequency) and three temporal ones ([128, 1], [64, 1],
///   [32, 1], 51 filters, TensorFlow 'same' padding); each ReLU, then batch
///   norm, then the maximum over frequency; concatenated to 561 channels (the
///   temporal three run as one convolution of 153 filters, `init(stacking:)`);
/// - mid end: three 1-D convolutions over time (7 frames, 64 filters, 3 frames
///   of zero padding each side), each ReLU then batch norm, the second and third
///   with a residual connection; the front end and the three outputs
///   concatenated to 753 channels;
/// - back end: max and mean over time, interleaved per channel ([max, mean]
///   per channel, 1506 values: TensorFlow's concat on a trailing axis then
///   flatten), batch norm, dense 200 with ReLU, batch norm (the "penultimate"
///   layer), and the 50 MSD tag logits.
package struct MusicnnNetwork: Sendable {
    static let frames = 187
    static let bands = 96
    static let pooledSize = 1506
    static let penultimateSize = 200

    private let inputNorm: InferenceBatchNorm
    private let frontEnd: [(convolution: TimeConvolution, norm: InferenceBatchNorm)]
    private let midEnd: [(convolution: TimeConvolution, norm: InferenceBatchNorm)]
    private let pooledNorm: InferenceBatchNorm
    private let dense: DenseLayer
    private let denseNorm: InferenceBatchNorm
    private let tagLayer: DenseLayer

    /// What one patch gives: the pooled features, the penultimate layer and the tag probabilities.
    struct Output {
        let pooled: [Float]
        let penultimate: [Float]
        let tags: [Float]
    }

    init(_ file: EncoderFile) {
        let tensors = file.tensors
        func convolution(_ index: Int, padding: (Int, Int)? = nil) -> TimeConvolution {
            let name = index == 0 ? "conv2d" : "conv2d_\(index)"
            guard let kernel = tensors["\(name)/kernel"], let bias = tensors["\(name)/bias"] else {
                preconditionFailure("EncoderFile holds every tensor of its model")
            }
            let pad = padding ?? TimeConvolution.samePadding(kernelTime: kernel.shape[0])
            return TimeConvolution(kernel: kernel, bias: bias, padBefore: pad.0, padAfter: pad.1)
        }
        func norm(_ index: Int) -> InferenceBatchNorm { InferenceBatchNorm("batch_normalization_\(index)", tensors) }
        func dense(_ name: String) -> DenseLayer {
            guard let kernel = tensors["\(name)/kernel"], let bias = tensors["\(name)/bias"] else {
                preconditionFailure("EncoderFile holds every tensor of its model")
            }
            return DenseLayer(kernel: kernel, bias: bias)
        }
        inputNorm = InferenceBatchNorm("batch_normalization", tensors)
        // The three temporal filters run as one stacked convolution: their 153 channels come out in branch order.
        frontEnd = [(convolution(0, padding: (3, 3)), norm(1)), (convolution(1, padding: (3, 3)), norm(2)),
                    (TimeConvolution(stacking: (2...4).map { convolution($0) }),
                     InferenceBatchNorm(concatenating: (3...5).map(norm)))]
        midEnd = (5...7).map { (convolution($0, padding: (3, 3)), norm($0 + 1)) }
        pooledNorm = norm(9)
        self.dense = dense("dense")
        denseNorm = norm(10)
        tagLayer = dense("dense_1")
    }

    /// The network on one patch of `frames × bands` log-mel values, time-major.
    func forward(_ patch: [Float]) -> Output {
        precondition(patch.count == Self.frames * Self.bands, "one 187 × 96 patch")
        let time = Self.frames
        var input = patch
        inputNorm.apply(&input)
        // Front end: each branch [time, channels]; concatenated per frame.
        let branches = frontEnd.map { layer -> [Float] in
            let (values, outTime, width) = layer.convolution.linear(input, time: time, width: Self.bands)
            return layer.norm.rectifyThenApplyThenMaxOverWidth(values, time: outTime, width: width)
        }
        var maps = [Self.concatenate(branches, time: time)]
        // Mid end: 1-D convolutions over the whole width, residual from the second on.
        for (index, layer) in midEnd.enumerated() {
            let previous = maps[maps.count - 1], width = previous.count / time
            var (values, _, _) = layer.convolution.apply(previous, time: time, width: width)
            layer.norm.apply(&values)
            if index > 0 { for i in values.indices { values[i] += previous[i] } }
            maps.append(values)
        }
        let features = Self.concatenate(maps, time: time)
        var pooled = Self.maxAndMeanOverTime(features, time: time)
        let rawPooled = pooled
        pooledNorm.apply(&pooled)
        var penultimate = dense.apply(pooled).map { max($0, 0) }
        denseNorm.apply(&penultimate)
        let tags = tagLayer.apply(penultimate).map { 1 / (1 + exp(-$0)) }
        return Output(pooled: rawPooled, penultimate: penultimate, tags: tags)
    }

    /// [time, Σ channels]: the maps' channels side by side, frame by frame.
    package static func concatenate(_ maps: [[Float]], time: Int) -> [Float] {
        let widths = maps.map { $0.count / time }
        var output: [Float] = []
        output.reserveCapacity(time * widths.reduce(0, +))
        for t in 0..<time {
            for (map, width) in zip(maps, widths) { output.append(contentsOf: map[(t * width)..<((t + 1) * width)]) }
        }
        return output
    }

    /// For each channel of a [time, channels] map, its maximum then its mean over time.
    package static func maxAndMeanOverTime(_ map: [Float], time: Int) -> [Float] {
        let channels = map.count / time
        var output = [Float](repeating: 0, count: 2 * channels)
        for channel in 0..<channels {
            var largest = -Float.infinity, sum: Float = 0
            for t in 0..<time {
                let value = map[t * channels + channel]
                largest = max(largest, value)
                sum += value
            }
            output[2 * channel] = largest
            output[2 * channel + 1] = sum / Float(time)
        }
        return output
    }
}
