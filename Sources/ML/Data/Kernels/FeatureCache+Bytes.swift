import ChorusSupport
import Foundation

/// The unsafe kernel of `FeatureCache`: its bytes read in place from the mapped file
/// and written straight from the value arrays, so a cache of hundreds of megabytes
/// is never copied whole into an intermediate array.
extension FeatureCache {
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
