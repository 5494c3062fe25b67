/// The vector a participant masks: its privatized update only, d' ring
/// elements (d' the power of two ≥ d that the randomized rotation needs); with
/// federated evaluation, the update and its noised evaluation counts privatized
/// together (d + 2K values padded, `FederatedEvaluation`).
///
/// Nothing else rides in it. A participant's training loss and its count of
/// wrapped coordinates stay on its side: the coordinator would learn their
/// exact sum, a release without noise (infinite epsilon) that no accounting
/// covers. What a round releases is the noised sum and who contributed to it.
public enum UpdateLayout {
    /// d': the smallest power of two ≥ `dimension`.
    public static func paddedDimension(_ dimension: Int) -> Int {
        var padded = 1
        while padded < dimension { padded <<= 1 }
        return padded
    }

    /// The masked vector's length for a model of `dimension` parameters: d'.
    public static func vectorLength(dimension: Int) -> Int {
        paddedDimension(dimension)
    }
}
