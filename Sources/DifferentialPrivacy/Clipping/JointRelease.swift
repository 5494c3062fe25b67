/// Two vectors released as one, through one clip and one Gaussian noise draw.
///
/// The first is clipped to C and noised with multiplier z (std z·C). The second is
/// scaled so that its largest norm is E = C/r; the shared std z·C is then r·z over
/// its own bound. The concatenation is clipped to C' = √(C² + E²) and noised with
/// multiplier z' = z·C/C', so 1/z'² = 1/z² + 1/(r·z)²: the composition of the two
/// Gaussian releases, which is what the round is accounted at.
public enum JointRelease {
    /// C' and z' for a first vector clipped to `clipNorm` at `noiseMultiplier`, and a
    /// second whose noise multiplier is `noiseRatio` times the first's.
    public static func mechanism(clipNorm: Double, noiseMultiplier: Double,
                                 noiseRatio: Double) -> (clipNorm: Double, noiseMultiplier: Double) {
        let second = clipNorm / noiseRatio
        let joint = (clipNorm * clipNorm + second * second).squareRoot()
        return (joint, noiseMultiplier * clipNorm / joint)
    }
}
