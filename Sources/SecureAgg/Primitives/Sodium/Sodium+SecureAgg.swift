import ChorusSupport

/// SecureAgg's view of libsodium's one-time initialisation (``ChorusSupport/Sodium/isReady``):
/// a failure becomes SecureAgg's typed error before a wrapper's first C call.
extension Sodium {
    /// Throws unless libsodium initialised; every wrapper calls it before its first C call.
    static func ensureReady() throws(SecureAggError) {
        guard isReady else { throw .libraryFailure(function: "sodium_init") }
    }
}
