import ChorusSupport
import Foundation
/// 3×3 convolution, padding 1, stride 1, over a channel-major batch.
///
/// Lowered onto `cblas_sgemm` a few samples at a time: im2col builds a run's
/// `(Cin·9) × (n·H·W)` patch matrix in `scratch` (about 8 MB over all workers,
/// so the products read it from cache instead of a whole batch's, 77 MB at the
/// default CNN's second layer, from memory). Each core's worker takes an equal
/// share of the batch and runs its products whole on one OpenBLAS thread, so
/// the cores never wait for each other inside a product and the passes between
/// products (im2col, col2im, pooling) run on both; the workers' weight
/// gradients are summed at the end. The weights `Cout × (Cin·9)` multiply it
/// straight into the run's columns of the `Cout × (N·H·W)` output, which is
/// already the next layer's layout. Backward lowers each run again, adds its
/// share of the weight gradient (`dY · colᵀ`), then overwrites the patches with
/// their gradients (`Wᵀ · dY`) and folds them back (col2im). A single-channel
/// layer that needs no input gradient (the first layer) skips the lowering:
/// its 9-tap filters run directly on zero-padded rows (`Conv2D+SingleChannel`).
/// When a max-pool follows, forward pools each run (each sample's planes on
/// the direct path) as soon as it is written, while it is still in cache.
/// Inference (forward without `training`) runs a general layer with enough
/// input channels by Winograd instead, on the same runs, pooling each 2×2
/// output tile as it is transformed (`Conv2D+Winograd`).
final class Conv2D: Layer {
    let input: Shape
    let outputChannels: Int
    let output: Tensor
    let inputGradient: Tensor?
    /// Each worker's patch matrix for one run, rows `samplesPerRun · H·W` apart, one after the other
    /// (general path; Winograd inference keeps a block's `V` and `M` in a worker's part instead), or the
    /// batch's zero-padded planes (single-channel path).
    let scratch: Tensor
    /// Workers that lower and multiply their share of the batch side by side, one per core: fixed per
    /// machine (not OpenBLAS's current thread count, which other sections change), so a layer's sums are too.
    let lanes: Int
    /// Samples a worker lowers and multiplies at a time.
    let samplesPerRun: Int
    /// The weights transformed for inference by Winograd (`Conv2D+Winograd`), 16·Cout·Cin values; nil for a
    /// layer that infers by im2col (or directly) too.
    let winogradWeights: Tensor?
    /// The weight gradients of workers 1, 2, …, added into the layer's after its backward.
    private let laneGradients: Tensor
    /// The max-pool after this layer in its network, which forward fills run by run; whoever sets it
    /// (`NetworkWorkspace`) skips that pool's own forward.
    var followingPool: MaxPool2D? {
        willSet { precondition(newValue.map { $0.input == output.shape } ?? true, "the pool does not take this layer's output") }
    }

    /// Bytes of patches lowered and multiplied at a time, over all workers: well inside the last-level cache.
    static let bytesPerRun = 8 << 20

    /// Whether this layer runs the single-channel direct path.
    var isDirect: Bool { input.channels == 1 && inputGradient == nil }

    init(input: Shape, outputChannels: Int, batchCapacity: Int, computesInputGradient: Bool) {
        self.input = input
        self.outputChannels = outputChannels
        output = Tensor(shape: Shape(channels: outputChannels, height: input.height, width: input.width),
                        batchCapacity: batchCapacity)
        inputGradient = computesInputGradient ? Tensor(shape: input, batchCapacity: batchCapacity) : nil
        lanes = max(1, min(ProcessInfo.processInfo.activeProcessorCount, batchCapacity))
        let samplePatches = input.channels * 9 * input.plane * MemoryLayout<Float>.stride
        samplesPerRun = min(batchCapacity, max(1, Self.bytesPerRun / lanes / samplePatches))
        laneGradients = Tensor(count: (lanes - 1) * outputChannels * input.channels * 9)
        // `isDirect`, before the stored properties it reads are all set.
        let direct = input.channels == 1 && !computesInputGradient
        if direct {
            scratch = Tensor(shape: Shape(channels: 1, height: input.height + 2, width: input.width + 2),
                             batchCapacity: batchCapacity)
        } else {
            scratch = Tensor(shape: Shape(channels: input.channels * 9, height: input.height, width: input.width),
                             batchCapacity: lanes * samplesPerRun)
        }
        winogradWeights = !direct && Self.runsWinograd(input: input, outputChannels: outputChannels,
                                                       patchesPerLane: scratch.count / lanes)
            ? Tensor(count: 16 * outputChannels * input.channels) : nil
    }

    /// Weights per output channel, `Cin·9`.
    var patchSize: Int { input.channels * 9 }

    /// Worker `lane`'s weight-gradient sum: the layer's own for lane 0, its slice of `laneGradients` for the others.
    private func laneGradient(_ lane: Int, of weightGradient: TensorSlice) -> TensorSlice {
        lane == 0 ? weightGradient : TensorSlice(laneGradients, offset: (lane - 1) * weightGradient.count, count: weightGradient.count)
    }

    /// Workers a batch of `batch` samples is shared among: at most one per sample.
    private func lanes(batch: Int) -> Int { min(lanes, batch) }

    /// Runs `body(lane, samples, columns, isFirst)` for every run of the batch, lane `l` taking the `l`-th
    /// equal share of the samples in runs of at most `samplesPerRun`, the lanes side by side with OpenBLAS on
    /// one thread each (one lane alone keeps OpenBLAS's threads). `columns` are the run's in the
    /// `Cout × (N·H·W)` output; `isFirst` says the run is its lane's first.
    func forEachRun(batch: Int,
                    _ body: (_ lane: Int, _ samples: Range<Int>, _ columns: Range<Int>, _ isFirst: Bool) -> Void) {
        let (lanes, plane, run) = (lanes(batch: batch), input.plane, samplesPerRun)
        func work() {
            Parallel.forEach(lanes) { lane in
                let share = (lane * batch / lanes)..<((lane + 1) * batch / lanes)
                for start in stride(from: share.lowerBound, to: share.upperBound, by: run) {
                    let samples = start..<min(share.upperBound, start + run)
                    body(lane, samples, (samples.lowerBound * plane)..<(samples.upperBound * plane), start == share.lowerBound)
                }
            }
        }
        if lanes > 1 { SingleThreadedProducts.run(work) } else { work() }
    }

    func forward(_ x: Tensor, batch: Int, parameters: TensorSlice, training: Bool, generator: inout SeededGenerator) {
        check(x, holds: input, batch: batch)
        check(parameters, count: outputChannels * (patchSize + 1))
        let weights = parameters.slice(from: 0, count: outputChannels * patchSize)
        let bias = parameters.slice(from: weights.count, count: outputChannels)
        if isDirect {
            forwardDirect(x, batch: batch, weights: weights, bias: bias, training: training)
            return
        }
        if !training, let transformed = winogradWeights {
            forwardWinograd(x, batch: batch, weights: weights, bias: bias, transformed: transformed)
            return
        }
        let columns = batch * input.plane, runStride = samplesPerRun * input.plane
        forEachRun(batch: batch) { lane, samples, runColumns, _ in
            im2col(x, batch: batch, samples: samples, lane: lane)
            Kernels.broadcastRows(bias, into: output, rows: outputChannels, stride: columns, columns: runColumns)
            Gemm.multiply(transposeA: false, transposeB: false, m: outputChannels, n: runColumns.count, k: patchSize,
                          a: weights, lda: patchSize, b: TensorSlice(scratch, offset: lane * patchesPerLane, count: patchesPerLane),
                          ldb: runStride, beta: 1,
                          c: TensorSlice(output, offset: runColumns.lowerBound, count: output.count - runColumns.lowerBound),
                          ldc: columns)
            followingPool?.pool(output, batch: batch, samples: samples, training: training)
        }
    }

    func backward(_ dy: Tensor, input x: Tensor, batch: Int, parameters: TensorSlice, gradients: TensorSlice) {
        check(dy, holds: output.shape, batch: batch)
        check(x, holds: input, batch: batch)
        check(gradients, count: outputChannels * (patchSize + 1))
        let columns = batch * input.plane, runStride = samplesPerRun * input.plane
        let weightGradient = gradients.slice(from: 0, count: outputChannels * patchSize)
        let biasGradient = gradients.slice(from: weightGradient.count, count: outputChannels)
        Kernels.rowSums(dy, rows: outputChannels, columns: columns, into: biasGradient)
        if isDirect {
            weightGradientDirect(dy, batch: batch, into: weightGradient)
            return
        }
        let weights = parameters.slice(from: 0, count: outputChannels * patchSize)
        forEachRun(batch: batch) { lane, samples, runColumns, isFirst in
            let runGradient = TensorSlice(dy, offset: runColumns.lowerBound, count: dy.count - runColumns.lowerBound)
            let patches = TensorSlice(scratch, offset: lane * patchesPerLane, count: patchesPerLane)
            im2col(x, batch: batch, samples: samples, lane: lane)
            // dW += dY · colᵀ over this run's columns, into this lane's own sum.
            Gemm.multiply(transposeA: false, transposeB: true, m: outputChannels, n: patchSize, k: runColumns.count,
                          a: runGradient, lda: columns, b: patches, ldb: runStride,
                          beta: isFirst ? 0 : 1, c: laneGradient(lane, of: weightGradient), ldc: patchSize)
            guard let dx = inputGradient else { return }
            // dCol = Wᵀ · dY overwrites the run's patches, then folds back onto its input samples.
            Gemm.multiply(transposeA: true, transposeB: false, m: patchSize, n: runColumns.count, k: outputChannels,
                          a: weights, lda: patchSize, b: runGradient, ldb: columns,
                          beta: 0, c: patches, ldc: runStride)
            col2im(into: dx, batch: batch, samples: samples, lane: lane)
        }
        for lane in 1..<lanes(batch: batch) { Kernels.add(laneGradient(lane, of: weightGradient), into: weightGradient) }
    }
}
