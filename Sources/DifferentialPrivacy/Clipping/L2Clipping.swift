/// L2 clipping: scales a vector down to norm at most C, keeping its direction.
public enum L2Clipping {
    /// Scales `vector` by min(1, C/‖vector‖) and returns the norm before clipping.
    /// - Throws: `.outOfRange` when C is not positive or the vector holds a NaN or infinity.
    @discardableResult
    public static func clip(_ vector: inout [Double], to clipNorm: Double) throws(DifferentialPrivacyError) -> Double {
        guard clipNorm > 0, clipNorm.isFinite else {
            throw .outOfRange(parameter: "clip norm", value: clipNorm, expected: "a finite C > 0")
        }
        let norm = l2Norm(vector)
        guard norm.isFinite else {
            throw .outOfRange(parameter: "update norm", value: norm, expected: "finite (the update holds NaN or infinity)")
        }
        if norm > clipNorm {
            let factor = clipNorm / norm
            for i in vector.indices { vector[i] *= factor }
        }
        return norm
    }

    /// ‖vector‖₂, scaled by the largest magnitude so squares cannot overflow;
    /// NaN when a coordinate is NaN, infinity when one is infinite.
    public static func l2Norm(_ vector: [Double]) -> Double {
        var largest = 0.0
        for x in vector {
            guard x.isFinite else { return x.isNaN ? .nan : .infinity }
            largest = max(largest, abs(x))
        }
        guard largest > 0 else { return 0 }
        var sum = 0.0
        for x in vector {
            let scaled = x / largest
            sum += scaled * scaled
        }
        return largest * sum.squareRoot()
    }
}
