import ChorusSupport
import Foundation
import ML
import Testing
import TestSupport

/// Heads on encoder embeddings through the command line: features, train, evaluate and predict
/// with one encoder, and refusal of another encoder by name.
struct EncoderCommandTests {
    /// An encoder file of musicnn's shapes with seeded random weights (positive variances).
    static func writeEncoder(seed: UInt64, to url: URL) throws {
        var generator = SeededGenerator(seed: seed)
        var tensors: [String: EncoderTensor] = [:]
        for (name, shape) in EncoderModel.msdMusicnn.tensorShapes.sorted(by: { $0.key < $1.key }) {
            let positive = name.hasSuffix("moving_variance") || name.hasSuffix("gamma")
            tensors[name] = EncoderTensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in
                let value = Float.random(in: -0.1...0.1, using: &generator)
                return positive ? abs(value) + 0.5 : value
            })
        }
        try EncoderFile(model: .msdMusicnn, tensors: tensors).save(to: url)
    }

    /// One 3.1-s clip per genre synthesized into `corpus`, embedded with `encoder` into the cache `cache`.
    static func embedSynthesizedCorpus(_ corpus: String, into cache: String, encoder: URL) throws {
        let synth = try ChorusProcess.run(["synth", "--out", corpus, "--clips-per-genre", "1", "--seconds", "3.1", "--seed", "2", "--quiet"])
        #expect(synth.status == 0, "\(synth.stderr)")
        let features = try ChorusProcess.run(["features", "--data", corpus, "--out", cache, "--encoder", encoder.path, "--quiet"])
        #expect(features.status == 0, "\(features.stderr)")
    }

    @Test func headTrainedOnOneEncoderIsRefusedWithAnother() throws {
        let directory = try TemporaryDirectory()
        let corpus = directory.file("corpus").path, cache = directory.file("embeddings.cache").path
        let model = directory.file("head.chorus").path
        let encoder = directory.file("a.encoder"), other = directory.file("b.encoder")
        try Self.writeEncoder(seed: 1, to: encoder)
        try Self.writeEncoder(seed: 2, to: other)
        try Self.embedSynthesizedCorpus(corpus, into: cache, encoder: encoder)
        let train = try ChorusProcess.run(["train", "--features", cache, "--encoder", encoder.path, "--architecture", "linear",
                                           "--out", model, "--epochs", "2", "--validation-fraction", "0", "--test-fraction", "0",
                                           "--quiet"])
        #expect(train.status == 0, "\(train.stderr)")
        let same = try ChorusProcess.run(["evaluate", "--model", model, "--features", cache, "--encoder", encoder.path, "--json", "--quiet"])
        #expect(same.status == 0, "\(same.stderr)")
        #expect(try TrainEvaluateCommandTests.json(same.stdout)["segment_accuracy"] is Double)
        let predict = try ChorusProcess.run(["predict", "--model", model, "--encoder", encoder.path, "\(corpus)/jazz/jazz.00000.wav",
                                             "--json", "--quiet"])
        #expect(predict.status == 0, "\(predict.stderr)")

        let mismatched = try ChorusProcess.run(["evaluate", "--model", model, "--features", cache, "--encoder", other.path, "--quiet"])
        #expect(mismatched.status != 0 && mismatched.stdout.isEmpty)
        #expect(mismatched.stderr.contains("b.encoder") && mismatched.stderr.contains("was trained on encoder"), "\(mismatched.stderr)")
        let missing = try ChorusProcess.run(["predict", "--model", model, "\(corpus)/jazz/jazz.00000.wav", "--quiet"])
        #expect(missing.status != 0 && missing.stderr.contains("--encoder"), "\(missing.stderr)")
    }

    /// `--head-input penultimate`: the head reads the 200-value penultimate block (2,010 parameters for 10 genres),
    /// its model file says so, and evaluate runs it on the same 1706-value embedding cache.
    @Test func penultimateHeadInputTrainsAndEvaluatesAHeadOnTheLastBlock() throws {
        let directory = try TemporaryDirectory()
        let corpus = directory.file("corpus").path, cache = directory.file("embeddings.cache").path
        let model = directory.file("head.chorus").path
        let encoder = directory.file("a.encoder")
        try Self.writeEncoder(seed: 1, to: encoder)
        try Self.embedSynthesizedCorpus(corpus, into: cache, encoder: encoder)
        let train = try ChorusProcess.run(["train", "--features", cache, "--encoder", encoder.path, "--architecture", "linear",
                                           "--head-input", "penultimate", "--out", model, "--epochs", "2",
                                           "--validation-fraction", "0", "--test-fraction", "0", "--json", "--quiet"])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(try TrainEvaluateCommandTests.json(train.stdout)["parameters"] as? Int == 200 * 10 + 10, "\(train.stdout)")
        let loaded = try ModelFile.load(from: URL(fileURLWithPath: model))
        #expect(loaded.network.architecture.frontEnd.encoderDigest == (try EncoderFile.load(from: encoder).digest))
        guard case .penultimateEmbedding = loaded.network.architecture.frontEnd else {
            Issue.record("the model's front end is \(loaded.network.architecture.frontEnd.summary)")
            return
        }
        let evaluate = try ChorusProcess.run(["evaluate", "--model", model, "--features", cache, "--encoder", encoder.path, "--json", "--quiet"])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        #expect(try TrainEvaluateCommandTests.json(evaluate.stdout)["segment_accuracy"] is Double)
    }
}
