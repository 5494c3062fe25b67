import ChorusSupport

/// A run's identity: 16 random bytes the coordinator draws from libsodium when a
/// run starts (a resumed run keeps its own). Every round configuration, key
/// advertisement, sealed share, pairwise key, survivor-set signature, round plan and
/// report record binds it with the round id, so nothing signed in one run is
/// accepted in another, even where round ids repeat.
public struct RunID: Hashable, Sendable, CustomStringConvertible {
    public static let byteCount = 16
    public let bytes: [UInt8]

    /// - Throws: `invalidKeyLength` unless `bytes` holds `byteCount` bytes.
    public init(bytes: [UInt8]) throws(SecureAggError) {
        guard bytes.count == Self.byteCount else {
            throw .invalidKeyLength(field: "run_id", expected: Self.byteCount, actual: bytes.count)
        }
        self.bytes = bytes
    }

    /// A fresh run id from libsodium's CSPRNG.
    public static func random() -> RunID {
        var bytes = [UInt8](repeating: 0, count: byteCount)
        Sodium.fillRandom(&bytes)
        return RunID(checked: bytes)
    }

    /// The run id written as hex (`description`), or nil for anything else.
    public init?(hex: String) {
        guard let bytes = Hex.decode(hex), bytes.count == Self.byteCount else { return nil }
        self.bytes = bytes
    }

    private init(checked bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Lowercase hex.
    public var description: String { Hex.encode(bytes) }
}
