import ChorusSupport
import Foundation

/// The feature cache file: a `FeatureSet` on disk, so the same clips are
/// never decoded twice. Written atomically, read memory-mapped, checked by a
/// SHA-256 checksum.
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

    /// Writes `set` to `url` atomically (temporary file, fsync, rename).
    /// - Throws: `AudioError.writeFailed` naming the file.
    public static func write(_ set: FeatureSet, to url: URL) throws(AudioError) {
        var header = FeatureCacheHeader(set: set).encoded()
        header += [UInt8](repeating: 0, count: (alignment - header.count % alignment) % alignment)
        let mapError = { (error: FileError) -> AudioError in .writeFailed(path: url.path, reason: error.description) }
        try AtomicFile.write(to: url, mapError: mapError) { writer throws(AudioError) in
            var hash = SHA256()
            func emit(_ bytes: UnsafeRawBufferPointer) throws(AudioError) {
                hash.update(bytes)
                do throws(FileError) { try writer.write(bytes) } catch { throw mapError(error) }
            }
            try withBytes(of: header, emit)
            try withBytes(of: set.values, emit)
            let digest = hash.finalize()
            try withBytes(of: digest) { bytes throws(AudioError) in
                do throws(FileError) { try writer.write(bytes) } catch { throw mapError(error) }
            }
        }
    }

    /// Reads the cache at `url`, memory-mapped, and checks its layout and checksum.
    /// - Throws: `AudioError.unreadable` when the file cannot be opened,
    ///   `.cacheCorrupt` (bad magic or field), `.cacheVersion`, `.cacheTruncated`
    ///   (size differs from the header's), `.cacheChecksumMismatch`.
    public static func read(from url: URL) throws(AudioError) -> FeatureSet {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw .unreadable(path: url.path, reason: error.localizedDescription)
        }
        let parsed: Result<FeatureSet, AudioError> = data.withUnsafeBytes { raw in
            do throws(AudioError) {
                return .success(try decode(raw, path: url.path))
            } catch {
                return .failure(error)
            }
        }
        return try parsed.get()
    }

    /// Parses and checks a whole cache file's bytes.
    package static func decode(_ bytes: UnsafeRawBufferPointer, path: String) throws(AudioError) -> FeatureSet {
        var reader = FeatureCacheReader(bytes: bytes, path: path)
        let header = try FeatureCacheHeader.decode(&reader)
        let valuesStart = (reader.offset + alignment - 1) / alignment * alignment
        let valueCount = header.segmentCount * header.melBands * header.frames
        let expected = valuesStart + valueCount * MemoryLayout<Float>.size + SHA256.byteCount
        guard bytes.count == expected else {
            throw .cacheTruncated(path: path, expectedBytes: expected, actualBytes: bytes.count)
        }
        var hash = SHA256()
        hash.update(UnsafeRawBufferPointer(rebasing: bytes[0..<(expected - SHA256.byteCount)]))
        let digest = hash.finalize()
        let stored = UnsafeRawBufferPointer(rebasing: bytes[(expected - SHA256.byteCount)...])
        let matches = digest.withUnsafeBytes { SHA256.equal($0, stored) }
        guard matches else { throw .cacheChecksumMismatch(path: path) }
        let values = [Float](unsafeUninitializedCapacity: valueCount) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(
                from: UnsafeRawBufferPointer(rebasing: bytes[valuesStart..<(valuesStart + valueCount * 4)]))
            initialized = valueCount
        }
        return FeatureSet(labelNames: header.labelNames, melBands: header.melBands, frames: header.frames,
                          values: values, labels: header.labels, clipIndices: header.clipIndices,
                          clips: header.clips, parameters: header.parameters)
    }

    private static func withBytes<T>(of array: [T], _ body: (UnsafeRawBufferPointer) throws(AudioError) -> Void)
        throws(AudioError) {
        let failure: AudioError? = array.withUnsafeBytes { raw in
            do throws(AudioError) {
                try body(raw)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }
}

#if _endian(big)
#error("FeatureCache stores little-endian floats by copying memory; add byte swapping for big-endian hosts")
#endif
