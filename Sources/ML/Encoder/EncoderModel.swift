/// The pretrained encoders Chorus can import, each a checkpoint folder of the
/// musicnn 0.1.0 wheel, with the tensors (and their shapes) its network needs.
public enum EncoderModel: String, CaseIterable, Sendable {
    /// musicnn trained on the Million Song Dataset's 50 top tags (Pons and Serra, 2019).
    case msdMusicnn = "msd-musicnn"

    /// The checkpoint folder inside the wheel's `musicnn/` package.
    public var checkpointFolder: String {
        switch self {
        case .msdMusicnn: "MSD_musicnn"
        }
    }

    /// Every weight tensor the network reads, by checkpoint name, with its shape.
    public var tensorShapes: [String: [Int]] {
        switch self {
        case .msdMusicnn: Self.musicnnShapes
        }
    }

    private static let musicnnShapes: [String: [Int]] = {
        var shapes: [String: [Int]] = [:]
        // Batch norms in creation order: input, two timbral, three temporal, three mid-end, pooled, penultimate.
        for (index, width) in [1, 204, 204, 51, 51, 51, 64, 64, 64, 1506, 200].enumerated() {
            let name = index == 0 ? "batch_normalization" : "batch_normalization_\(index)"
            for part in ["beta", "gamma", "moving_mean", "moving_variance"] { shapes["\(name)/\(part)"] = [width] }
        }
        let kernels: [[Int]] = [[7, 38, 1, 204], [7, 67, 1, 204], [128, 1, 1, 51], [64, 1, 1, 51], [32, 1, 1, 51],
                                [7, 561, 1, 64], [7, 64, 1, 64], [7, 64, 1, 64]]
        for (index, shape) in kernels.enumerated() {
            let name = index == 0 ? "conv2d" : "conv2d_\(index)"
            shapes["\(name)/kernel"] = shape
            shapes["\(name)/bias"] = [shape[3]]
        }
        shapes["dense/kernel"] = [1506, 200]
        shapes["dense/bias"] = [200]
        shapes["dense_1/kernel"] = [200, 50]
        shapes["dense_1/bias"] = [50]
        return shapes
    }()
}
