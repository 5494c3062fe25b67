import Foundation
import Testing
import TestSupport

/// `chorus train`, `evaluate` and `predict` on a small synthesized corpus, as a user runs them.
struct TrainEvaluateCommandTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func smallCNNLearnsTheSynthesizedGenresWellAboveChance() throws {
        let directory = try TemporaryDirectory()
        let corpus = directory.file("corpus").path
        let model = directory.file("model.chorus").path
        let features = directory.file("corpus.features").path
        let synth = try ChorusProcess.run(["synth", "--out", corpus, "--clips-per-genre", "8", "--seconds", "9",
                                           "--seed", "3", "--quiet"])
        #expect(synth.status == 0, "\(synth.stderr)")
        let train = try ChorusProcess.run([
            "train", "--data", corpus, "--out", model, "--epochs", "25", "--seed", "1", "--channels", "8,16,32,32",
            "--dense", "32", "--learning-rate", "3e-3", "--validation-fraction", "0.125", "--test-fraction", "0.25",
            "--json", "--quiet",
        ])
        #expect(train.status == 0, "\(train.stderr)")
        let trained = try Self.json(train.stdout)
        // 10 genres: chance is 10%. The synthetic genres overlap on purpose, and this CNN sees only 50
        // clips: held-out clips (2 per genre, never seen in training or validation) must reach 30%,
        // three times chance; with these seeds the run reaches about 55%.
        let clipAccuracy = try #require(trained["test_clip_accuracy"] as? Double)
        let segmentAccuracy = try #require(trained["test_segment_accuracy"] as? Double)
        #expect(clipAccuracy >= 0.3, "test clip accuracy \(clipAccuracy)")
        #expect(segmentAccuracy >= 0.3, "test segment accuracy \(segmentAccuracy)")
        #expect((trained["clips"] as? [String: Int]) == ["train": 50, "validation": 10, "test": 20])
        #expect((trained["epochs"] as? [Any])?.isEmpty == false)

        let extract = try ChorusProcess.run(["features", "--data", corpus, "--out", features, "--quiet"])
        #expect(extract.status == 0, "\(extract.stderr)")
        let evaluate = try ChorusProcess.run(["evaluate", "--model", model, "--features", features, "--json", "--quiet"])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        let evaluation = try Self.json(evaluate.stdout)
        let confusion = try #require(evaluation["confusion_matrix"] as? [[Int]])
        #expect(confusion.count == 10 && confusion.allSatisfy { $0.count == 10 })
        #expect(confusion.joined().reduce(0, +) == 240, "80 clips of 3 segments")
        #expect((evaluation["per_genre"] as? [[String: Any]])?.count == 10)
        let overall = try #require(evaluation["segment_accuracy"] as? Double)
        #expect(overall >= 0.3, "accuracy over the whole corpus \(overall)")
        #expect(evaluation["clip_accuracy"] is Double)

        let predict = try ChorusProcess.run(["predict", "--model", model, "\(corpus)/metal/metal.00000.wav", "--json", "--quiet"])
        #expect(predict.status == 0, "\(predict.stderr)")
        let predictions = try #require(try Self.json(predict.stdout)["predictions"] as? [[String: Any]])
        let probabilities = try #require(predictions.first?["probabilities"] as? [String: Double])
        #expect(probabilities.count == 10)
        #expect(abs(probabilities.values.reduce(0, +) - 1) < 1e-4)
    }

    @Test func badInputsFailWithAMessageAndNothingOnStdout() throws {
        let directory = try TemporaryDirectory()
        let notAModel = directory.file("junk.chorus")
        try Data("not a model".utf8).write(to: notAModel)
        let cases: [([String], String)] = [
            (["train", "--out", directory.file("m").path], "--data"),
            (["train", "--features", directory.file("absent.features").path, "--out", directory.file("m").path], "absent.features"),
            (["evaluate", "--model", notAModel.path, "--features", notAModel.path], "junk.chorus"),
            (["predict", "--model", notAModel.path, "song.wav"], "junk.chorus"),
            (["train", "--data", directory.file("corpus").path, "--out", directory.file("m").path, "--front-end", "band-statistics",
              "--dense", "0", "--dropout", "0.3"], "--dropout"),
        ]
        for (arguments, named) in cases {
            let result = try ChorusProcess.run(arguments + ["--quiet"])
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stdout.isEmpty, "\(arguments)")
            #expect(result.stderr.contains(named), "\(arguments): \(result.stderr)")
        }
    }
}
