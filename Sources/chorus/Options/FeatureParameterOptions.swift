import ArgumentParser
import ML

/// `--mel-fmax HZ --band-limit HZ|none`: the front-end parameters to compute
/// features with, today's (`FeatureParameters.standard`) unless given; e.g.
/// `--mel-fmax 11025 --band-limit none` for a model made before band limiting.
struct FeatureParameterOptions: ParsableArguments {
    @Option(help: "Upper edge of the mel filterbank in Hz (librosa's fmax), at most 11025.")
    var melFmax = FeatureParameters.standard.melMaximumHertz

    @Option(help: "Low-pass cut-off in Hz every file is decoded through whatever its sample rate, or 'none'.")
    var bandLimit = FeatureParameters.standard.bandLimitHertz.map { String(Int($0)) } ?? "none"

    func validate() throws {
        do {
            try parameters().validate()
        } catch {
            throw ValidationError("--mel-fmax/--band-limit: \(error)")
        }
    }

    /// The parameters the options name.
    func parameters() throws -> FeatureParameters {
        if bandLimit == "none" { return FeatureParameters(melMaximumHertz: melFmax, bandLimitHertz: nil) }
        guard let hertz = Double(bandLimit) else {
            throw ValidationError("--band-limit is '\(bandLimit)'; pass a frequency in Hz, e.g. 7200, or 'none'.")
        }
        return FeatureParameters(melMaximumHertz: melFmax, bandLimitHertz: hertz)
    }
}
