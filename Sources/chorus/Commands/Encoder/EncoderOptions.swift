import ArgumentParser
import Foundation
import Logging
import ML

/// The head trained on encoder embeddings, for `--architecture`.
enum HeadChoice: String, ExpressibleByArgument, CaseIterable {
    case linear, mlp
}

/// `--encoder FILE` and `--architecture linear|mlp`: train, evaluate or run a
/// head on a frozen pretrained encoder's embeddings instead of the CNN on log-mel images.
struct EncoderOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Encoder file (from `chorus encoder import`): use its per-patch embeddings instead of log-mel images.",
                               discussion: "A model trained this way records the encoder's digest; evaluating or running it needs the same encoder file."))
    var encoder: String?

    @Option(help: "The head on the embeddings (with --encoder): linear, or mlp (one hidden layer of --dense units, --dropout).")
    var architecture: HeadChoice = .linear

    @Option(help: HeadInput.help)
    var headInput: HeadInput = .whole

    /// The encoder named by `--encoder`, if any.
    func load() throws -> AudioEncoder? {
        guard let encoder else { return nil }
        return AudioEncoder(try EncoderFile.load(from: URL(fileURLWithPath: encoder)))
    }

    /// The head's architecture for `classes` genres on `encoder`'s embeddings.
    func head(on encoder: AudioEncoder, classes: Int, shape: ArchitectureOptions) throws -> Architecture {
        let hidden = architecture == .mlp ? shape.dense : 0
        guard architecture == .linear || hidden > 0 else {
            throw ValidationError("--architecture mlp needs --dense above 0 (the hidden layer's width).")
        }
        return try Self.head(on: encoder, classes: classes, input: headInput, hidden: hidden,
                             dropout: hidden > 0 ? shape.dropout ?? Architecture.default.dropout : 0)
    }

    /// A head of `hidden` units (0: linear) for `classes` genres on the `input` values of `encoder`'s embeddings.
    static func head(on encoder: AudioEncoder, classes: Int, input: HeadInput, hidden: Int = 0, dropout: Float = 0) throws -> Architecture {
        let architecture = Architecture(inputHeight: 1, inputWidth: AudioEncoder.embeddingSize, convolutionChannels: [],
                                        denseWidth: hidden, dropout: dropout,
                                        classes: classes, frontEnd: input.frontEnd(encoderDigest: encoder.digestBytes))
        try architecture.validate()
        return architecture
    }

    /// Embeddings of `input`: extracted from its --data folder, or read from its --features cache
    /// (made by `chorus features --encoder`).
    static func embeddings(of input: FeatureInputOptions, encoder: AudioEncoder, logger: Logger) throws -> FeatureSet {
        try embeddings(cache: input.features, folder: input.data ?? ".", encoder: encoder, threads: input.threads, logger: logger)
    }

    /// Embeddings read from `cache` when given, else extracted from the audio `folder`.
    static func embeddings(cache: String?, folder: String, encoder: AudioEncoder, threads: Int, logger: Logger) throws -> FeatureSet {
        if let features = cache {
            let set = try FeatureCache.read(from: URL(fileURLWithPath: features))
            guard set.melBands == 1, set.frames == AudioEncoder.embeddingSize else {
                throw ValidationError("\(features) holds \(set.melBands)×\(set.frames) log-mel segments, not encoder embeddings; "
                                      + "make it with `chorus features --data DIR --out FILE --encoder \(encoder.model.rawValue).encoder`.")
            }
            return set
        }
        return try extract(folder: folder, encoder: encoder, threads: threads, logger: logger)
    }

    static func extract(folder: String, encoder: AudioEncoder, threads: Int, logger: Logger) throws -> FeatureSet {
        let result = try encoder.extract(from: URL(fileURLWithPath: folder), threads: threads, logger: logger,
                                         progress: ProgressBar(label: "embeddings").update)
        for skip in result.skipped {
            logger.warning("skipped file", metadata: ["clip": "\(skip.clip)", "reason": "\(skip.error)"])
        }
        return result.features
    }

    /// The encoder a saved model needs: none for a log-mel model (refusing a stray --encoder), and for a
    /// head on embeddings the file given, refused by name when its digest is not the model's.
    func encoder(for model: Architecture, modelPath: String) throws -> AudioEncoder? {
        let loaded = try load()
        switch (model.frontEnd.encoderDigest, loaded) {
        case (nil, nil): return nil
        case (nil, .some):
            throw ValidationError("\(modelPath) is a log-mel model, not a head on encoder embeddings; drop --encoder.")
        case (let expected?, nil):
            throw ValidationError("\(modelPath) is a head on encoder \(expected.prefix(16)); pass that encoder file with --encoder.")
        case (let expected?, let encoder?):
            guard encoder.digest == expected else {
                throw EncoderError.encoderMismatch(expected: "\(expected.prefix(16)) (of \(modelPath))",
                                                   found: "\(encoder.digest.prefix(16)) (\(self.encoder ?? ""))")
            }
            return encoder
        }
    }
}
