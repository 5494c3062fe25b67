import ChorusSupport

/// The 32 bytes shared by everyone in a round that fix its random rotation.
/// Public (not secret): the rotation only spreads an update's energy over all
/// coordinates so that no coordinate wraps; its privacy comes from the noise.
public struct RoundSeed: Sendable, Equatable, Codable {
    /// Seed length in bytes (libsodium's `randombytes_SEEDBYTES`).
    public static let byteCount = 32

    public let bytes: [UInt8]

    /// - Throws: `.dimensionMismatch` unless `bytes` has 32 bytes.
    public init(bytes: [UInt8]) throws(DifferentialPrivacyError) {
        guard bytes.count == Self.byteCount else {
            throw .dimensionMismatch(field: "round seed", expected: Self.byteCount, actual: bytes.count)
        }
        self.bytes = bytes
    }

    /// Decodes and checks the length, so a corrupt checkpoint is an error, not a trap.
    public init(from decoder: any Decoder) throws {
        try self.init(bytes: try decoder.singleValueContainer().decode([UInt8].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(bytes)
    }

    /// The ±1 signs of the rotation's diagonal, one per padded coordinate.
    func signs(count: Int) throws(DifferentialPrivacyError) -> [Double] {
        guard Sodium.isReady else { throw .sodiumUnavailable }
        let bytes = Sodium.deterministicBytes(count: (count + 7) / 8, seed: bytes)
        return (0..<count).map { bytes[$0 >> 3] >> UInt8($0 & 7) & 1 == 1 ? -1 : 1 }
    }
}
