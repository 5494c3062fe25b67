import ChorusSupport

extension SecureAggError {
    /// A key the crypto layer refused, as SecureAgg reports it (a bad key is a bad field of a message).
    package init(_ error: CryptoError) {
        switch error {
        case .libraryUnavailable:
            self = .libraryFailure(function: "sodium_init")
        case let .invalidKeyLength(field, expected, actual):
            self = .invalidKeyLength(field: field, expected: expected, actual: actual)
        case let .invalidKey(field, reason):
            self = .invalidField(field: field, reason: reason)
        }
    }
}
