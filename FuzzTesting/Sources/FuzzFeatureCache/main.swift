import Foundation
import FuzzSupport
import ML

// Bytes given to the feature-cache loader come back as a `FeatureSet` or an `AudioError`.
runFuzzer(seeds: {
    let set = FeatureSet(labelNames: ["blues", "jazz"], melBands: 3, frames: 2, values: (0..<12).map(Float.init),
                         labels: [0, 1], clipIndices: [0, 1], clips: ["blues/a.au", "jazz/b.au"])
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("chorus-fuzz-\(UUID().uuidString).cache")
    defer { try? FileManager.default.removeItem(at: url) }
    try FeatureCache.write(set, to: url)
    return [Array(try Data(contentsOf: url))]
}, body: { bytes in
    bytes.withUnsafeBytes { raw in
        _ = try? FeatureCache.decode(raw, path: "fuzz-input")
    }
})
