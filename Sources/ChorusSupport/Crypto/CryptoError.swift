/// What the one crypto layer refuses: keys of the wrong size or value, and a
/// libsodium that did not initialise. Each module turns these into its own
/// error (naming the file, field or peer) where it takes keys in.
public enum CryptoError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `sodium_init()` failed: no key can be made or used.
    case libraryUnavailable
    /// A key or seed had the wrong number of bytes.
    case invalidKeyLength(field: String, expected: Int, actual: Int)
    /// A key of the right size whose value is unusable (not hex, not a valid point).
    case invalidKey(field: String, reason: String)

    public var description: String {
        switch self {
        case .libraryUnavailable:
            "libsodium failed to initialise (sodium_init)"
        case let .invalidKeyLength(field, expected, actual):
            "\(field) has \(actual) bytes, expected \(expected)"
        case let .invalidKey(field, reason):
            "\(field): \(reason)"
        }
    }
}
