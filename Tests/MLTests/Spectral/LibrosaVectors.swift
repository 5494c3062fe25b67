import Foundation
import ML

/// librosa 0.11's known answers, made by scripts/python/make_librosa_vectors.py
/// (see its docstring for the signal and positions), for each mel fmax.
struct LibrosaVectors: Decodable {
    /// The known answers for one `fmax`.
    struct FrontEnd: Decodable {
        /// Every non-zero weight of `filters.mel(sr=22050, n_fft=2048, n_mels=128, fmax=F)`: [band, bin, weight].
        var mel_filterbank: [[Double]]
        /// `power_to_db(melspectrogram(segment, ..., fmax=F), ref=np.max)` at chosen positions: [band, frame, dB].
        var logmel: [[Double]]
    }

    var librosa: String
    /// Keyed by fmax in Hz: "8000" (today's front end) and "11025" (models made before band limiting).
    var front_ends: [String: FrontEnd]

    /// The known answers for the fmax of `parameters`.
    static func load(for parameters: FeatureParameters) throws -> FrontEnd {
        guard let url = Bundle.module.url(forResource: "librosa-vectors", withExtension: "json",
                                          subdirectory: "Resources") else {
            throw CocoaError(.fileNoSuchFile)
        }
        let all = try JSONDecoder().decode(LibrosaVectors.self, from: Data(contentsOf: url))
        guard let vectors = all.front_ends[String(Int(parameters.melMaximumHertz))] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return vectors
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
