/// Why a `LittleEndianReader` refused a read. Each case names the field, so
/// a module can turn it into its own typed error (`truncated(field:)`,
/// `lengthTooLarge(field:limit:actual:)`, `cacheTruncated(...)`) with the
/// same text it always had; the reader has not advanced when this is thrown.
public enum ByteReadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `field` needs `needed` bytes at `offset` (counted from the reader's
    /// start) but only `available` are left there. `offset + needed` and
    /// `offset + available` never overflow, so a caller can report byte totals.
    case truncated(field: String, offset: Int, needed: Int, available: Int)
    /// The count read for `field` is `actual`, above its `limit`.
    case countTooLarge(field: String, limit: Int, actual: Int)

    public var description: String {
        switch self {
        case let .truncated(field, offset, needed, available):
            "\(field) needs \(needed) bytes at offset \(offset), \(available) left"
        case let .countTooLarge(field, limit, actual):
            "\(field) is \(actual), above the limit \(limit)"
        }
    }
}
