extension DistributedDiscreteGaussian {
    /// The coordinator's inverse: centres the unmasked sum in the ring,
    /// multiplies by γ, undoes the rotation, drops the padding and divides by
    /// the number of summed updates.
    /// - Parameters:
    ///   - sum: the d' ring elements of the unmasked sum (mod 2^32 is fine).
    ///   - survivors: how many participants' vectors are in the sum (>= 1).
    ///   - roundSeed: the round's seed, as given to the participants.
    /// - Returns: the average update in the original d coordinates.
    /// - Throws: `.dimensionMismatch` for a wrong length, `.outOfRange` for survivors < 1.
    public func decode(sum: [UInt32], survivors: Int, roundSeed: RoundSeed) throws(DifferentialPrivacyError) -> [Float] {
        guard sum.count == paddedDimension else {
            throw .dimensionMismatch(field: "summed update", expected: paddedDimension, actual: sum.count)
        }
        guard survivors >= 1 else {
            throw .outOfRange(parameter: "survivors", value: Double(survivors), expected: ">= 1")
        }
        let ring = Ring(bits: bits)
        var values = sum.map { Double(ring.centered($0)) * scale }
        let rotation = try RandomizedHadamard(seed: roundSeed, dimension: paddedDimension)
        rotation.unrotate(&values)
        let inverseCount = 1 / Double(survivors)
        return (0..<dimension).map { Float(values[$0] * inverseCount) }
    }
}
