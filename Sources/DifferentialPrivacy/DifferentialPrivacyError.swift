/// What can go wrong in the DifferentialPrivacy module. Each case names the
/// parameter or input and the value found, so a caller can report it as is.
public enum DifferentialPrivacyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A parameter is outside its allowed range, e.g. a sampling rate of 1.5.
    case outOfRange(parameter: String, value: Double, expected: String)
    /// A vector has the wrong length, e.g. a summed update shorter than the padded dimension.
    case dimensionMismatch(field: String, expected: Int, actual: Int)
    /// No noise multiplier up to the search limit reaches the target epsilon.
    case calibrationFailed(targetEpsilon: Double, reason: String)
    /// The 32-bit ring cannot hold the sum for these parameters.
    case ringTooSmall(bits: Int, reason: String)
    /// Conditional rounding kept exceeding its norm bound (probability below 1e-100).
    case roundingFailed(attempts: Int)
    /// libsodium could not be initialised.
    case sodiumUnavailable
    /// The computation asked for is not sound for these inputs, e.g. a PLD of
    /// the distributed discrete Gaussian.
    case unsupported(reason: String)

    public var description: String {
        switch self {
        case let .outOfRange(parameter, value, expected):
            return "\(parameter) is \(value), expected \(expected)"
        case let .dimensionMismatch(field, expected, actual):
            return "\(field) has \(actual) values, expected \(expected)"
        case let .calibrationFailed(targetEpsilon, reason):
            return "no noise multiplier reaches epsilon \(targetEpsilon): \(reason)"
        case let .ringTooSmall(bits, reason):
            return "a \(bits)-bit ring is too small: \(reason)"
        case let .roundingFailed(attempts):
            return "conditional rounding exceeded its norm bound \(attempts) times in a row"
        case .sodiumUnavailable:
            return "libsodium failed to initialise (sodium_init returned -1)"
        case let .unsupported(reason):
            return reason
        }
    }
}
