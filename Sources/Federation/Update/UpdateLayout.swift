/// The vector a participant masks: its privatized update (d' ring elements, d'
/// the power of two ≥ d that the randomized rotation needs), then two extra
/// coordinates whose sums the coordinator learns and nothing else about them:
/// the participant's local training loss × 1000 (rounded) and the number of its
/// coordinates that wrapped around the ring.
///
/// The extra coordinates carry no noise: the summed training loss is released
/// to the operator as the round's train loss (as in any FedAvg deployment), and
/// wrapped counts are quality telemetry.
public enum UpdateLayout {
    /// Extra coordinates after the update: loss × 1000, wrapped count.
    public static let extraCount = 2
    /// Loss units per integer in the loss coordinate.
    public static let lossScale = 1000.0
    /// Largest loss a participant can report (a bigger one is clamped), so the
    /// sum of up to 40,000 participants cannot wrap around 2^32.
    public static let maximumLoss = 100.0

    /// d': the smallest power of two ≥ `dimension`.
    public static func paddedDimension(_ dimension: Int) -> Int {
        var padded = 1
        while padded < dimension { padded <<= 1 }
        return padded
    }

    /// The masked vector's length for a model of `dimension` parameters.
    public static func vectorLength(dimension: Int) -> Int {
        paddedDimension(dimension) + extraCount
    }

    /// `values` with the loss and wrapped coordinates appended.
    public static func appendingExtras(to values: [UInt32], loss: Double, wrapped: Int) -> [UInt32] {
        let clamped = loss.isFinite ? min(max(loss, 0), maximumLoss) : maximumLoss
        var vector = values
        vector.reserveCapacity(values.count + extraCount)
        vector.append(UInt32((clamped * lossScale).rounded()))
        vector.append(UInt32(clamping: wrapped))
        return vector
    }

    /// Splits an aggregated vector into the summed update (d' values) and the
    /// sums of the extras.
    /// - Throws: `.invalidField` when the vector is shorter than the extras.
    public static func splitExtras(_ sum: [UInt32]) throws(FederationError) -> (update: [UInt32], lossSum: Double, wrapped: Int) {
        guard sum.count > extraCount else {
            throw .invalidField(field: "aggregate", reason: "\(sum.count) values, fewer than the extras")
        }
        let split = sum.count - extraCount
        return (Array(sum[..<split]), Double(sum[split]) / lossScale, Int(sum[split + 1]))
    }
}
