/// The parameters of the log-mel features that differ between model
/// generations: how far up the mel filterbank reaches and which low-pass every
/// source passes through while it is decoded. Everything else is DESIGN.md's
/// fixed front end (22050 Hz, n_fft 2048, hop 512, 128 Slaney mel bands from
/// 0 Hz, dB relative to the segment maximum floored at -80 dB).
///
/// A model must be fed features made with the parameters it was trained on, so
/// feature caches and model files record them, and `evaluate` and `predict`
/// extract audio with the model's own.
public struct FeatureParameters: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// Upper edge of the mel filterbank in Hz (librosa's `fmax`), in (0, 11025].
    public var melMaximumHertz: Double
    /// Cut-off in Hz of the low-pass every source is decoded through (whatever
    /// its rate, so a 22.05 or 44.1 kHz file looks like a 16 kHz one), or nil
    /// for none: only the resampler's own anti-aliasing filter.
    public var bandLimitHertz: Double?

    public init(melMaximumHertz: Double, bandLimitHertz: Double?) {
        self.melMaximumHertz = melMaximumHertz
        self.bandLimitHertz = bandLimitHertz
    }

    /// Today's front end: mel bands up to 8000 Hz, which every 16, 22.05 and
    /// 44.1 kHz source has, and every source low-passed at 7200 Hz, the cut-off a
    /// 16 kHz source gets from the resampler (0.9 of its Nyquist frequency), so
    /// the bands near 8 kHz are equally empty whatever the file's rate.
    public static let standard = FeatureParameters(melMaximumHertz: 8000, bandLimitHertz: 7200)

    /// The front end before band limiting: mel bands up to 11025 Hz, no low-pass.
    /// Model files of format versions 1 and 2 and feature caches of version 1
    /// were made with it; a 16 kHz file leaves its top 15 bands (above 7.2 kHz) empty.
    public static let fullBand = FeatureParameters(melMaximumHertz: 11025, bandLimitHertz: nil)

    /// - Throws: `MLError.invalidOption` when a frequency is not finite or
    ///   lies outside (0, 11025] Hz.
    public func validate() throws(MLError) {
        let nyquist = Double(AudioDecoder.sampleRate) / 2
        guard melMaximumHertz.isFinite, melMaximumHertz > 0, melMaximumHertz <= nyquist else {
            throw .invalidOption(field: "mel fmax", reason: "is \(melMaximumHertz) Hz, expected above 0 and at most \(nyquist)")
        }
        if let bandLimitHertz, !(bandLimitHertz.isFinite && bandLimitHertz > 0 && bandLimitHertz <= nyquist) {
            throw .invalidOption(field: "band limit", reason: "is \(bandLimitHertz) Hz, expected above 0 and at most \(nyquist)")
        }
    }

    /// E.g. `mel 0-8000 Hz, low-pass 7200 Hz` or `mel 0-11025 Hz, no low-pass`.
    public var description: String {
        "mel 0-\(Self.hertz(melMaximumHertz)) Hz, " + (bandLimitHertz.map { "low-pass \(Self.hertz($0)) Hz" } ?? "no low-pass")
    }

    private static func hertz(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }
}
