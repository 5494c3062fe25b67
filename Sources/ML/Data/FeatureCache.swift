/// The feature cache file: a `FeatureSet` on disk, so the same clips are
/// never decoded twice. Written atomically, read memory-mapped, checked by a
/// SHA-256 checksum. The byte-level reading and writing, in place over the
/// mapped file and the value arrays, is `FeatureCache+Bytes.swift` in `Kernels`.
///
/// Layout (all integers little-endian; version 2; version 1, still read, has
/// no front-end fields and was made with `FeatureParameters.fullBand`):
///
/// | offset | bytes | field |
/// |---|---|---|
/// | 0 | 8 | magic `CHORUSFC` |
/// | 8 | 4 | version, UInt32 = 2 |
/// | 12 | 4 | melBands, UInt32 |
/// | 16 | 4 | frames, UInt32 |
/// | 20 | 8 | mel fmax in Hz, float64 |
/// | 28 | 8 | band limit in Hz, float64 (0: none) |
/// | 36 | 4 | label count L, UInt32 |
/// | 40 | 8 | segment count N, UInt64 |
/// | 48 | 8 | clip count C, UInt64 |
/// | 56 | … | L label names, each UInt32 byte length + UTF-8 |
/// | … | … | C clip ids, each UInt32 byte length + UTF-8 |
/// | … | 4N | labels, Int32 per segment |
/// | … | 4N | clip indices, Int32 per segment |
/// | … | 0–63 | zero padding so the values start at a multiple of 64 |
/// | … | 4·N·melBands·frames | values, float32, segment-major, then band, then frame |
/// | end − 32 | 32 | SHA-256 of every byte before it |
public enum FeatureCache {
    /// The format version this code writes and reads.
    public static let version: UInt32 = 2
    /// The version before front-end parameters, read as `FeatureParameters.fullBand`.
    static let versionWithoutParameters: UInt32 = 1
    static let magic = Array("CHORUSFC".utf8)
    /// Values start at a multiple of this many bytes.
    static let alignment = 64
    /// Largest accepted header numbers, so a corrupt header never drives a huge allocation.
    static let maximumMelBands = 4096
    static let maximumFrames = 1 << 16
    static let maximumLabels = 1 << 16
    static let maximumStringBytes = 4096
}
