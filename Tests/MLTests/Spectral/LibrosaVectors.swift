import Foundation

/// librosa 0.11's known answers, made by scripts/python/make_librosa_vectors.py
/// (see its docstring for the signal and positions).
struct LibrosaVectors: Decodable {
    var librosa: String
    /// Every non-zero weight of `filters.mel(sr=22050, n_fft=2048, n_mels=128)`: [band, bin, weight].
    var mel_filterbank: [[Double]]
    /// `power_to_db(melspectrogram(segment), ref=np.max)` at chosen positions: [band, frame, dB].
    var logmel: [[Double]]

    static func load() throws -> LibrosaVectors {
        guard let url = Bundle.module.url(forResource: "librosa-vectors", withExtension: "json",
                                          subdirectory: "Resources") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try JSONDecoder().decode(LibrosaVectors.self, from: Data(contentsOf: url))
    }

    /// The segment the log-mel values were computed on (the script's formula, in double, rounded to float).
    static func segment() -> [Float] {
        (0..<66150).map { n in
            let t = Double(n) / 22050
            var y = 0.3 * sin(2 * Double.pi * 440 * t) + 0.2 * sin(2 * Double.pi * 1250 * t) * (t / 3)
            y += 0.1 * sin(2 * Double.pi * (100 * t + 1500 * t * t)) + 0.05 * sin(2 * Double.pi * 7000 * t)
            if n == 33075 { y += 0.5 }
            return Float(y)
        }
    }
}
