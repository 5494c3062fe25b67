import ChorusSupport
import Foundation
import ML
import Testing
import TestSupport

/// Heads on encoder embeddings: the normalization layer, the architecture and the model file's encoder digest.
struct EmbeddingHeadTests {
    static let digest = (0..<32).map { UInt8($0 * 7 % 256) }
    static func head(dense: Int, penultimate: Bool = false) -> Architecture {
        Architecture(inputHeight: 1, inputWidth: 1706, convolutionChannels: [], denseWidth: dense, dropout: 0, classes: 3,
                     frontEnd: penultimate ? .penultimateEmbedding(encoderDigest: digest) : .embedding(encoderDigest: digest))
    }

    @Test func normalizationScalesEachBlockToUnitRMS() {
        // Blocks of 2 and 3: [3, 4] has RMS √12.5 and [0, 0, 0] stays zero; [1, 1] has RMS 1 and [1, 2, 2] RMS √3.
        let layer = NetworkWorkspace.makeLayer(.embeddingNormalization(skipped: 0, blocks: [2, 3]), batchCapacity: 2, isFirst: true)
        let input: [Float] = [3, 4, 0, 0, 0, 1, 1, 1, 2, 2]
        var generator = SeededGenerator(seed: 0)
        layer.forward(Tensor(input, shape: Shape(channels: 1, height: 1, width: 5)), batch: 2,
                      parameters: TensorSlice(Tensor([])), training: false, generator: &generator)
        let output = layer.output.values(batch: 2)
        let a = Float(12.5).squareRoot(), b = Float(3).squareRoot()
        let expected: [Float] = [3 / a, 4 / a, 0, 0, 0, 1, 1, 1 / b, 2 / b, 2 / b]
        #expect(zip(output, expected).allSatisfy { abs($0 - $1) < 1e-6 }, "\(output)")
    }

    @Test func skippedLeadingValuesAreDroppedAndTheRestScaled() {
        // Rows of 5: the first 3 values are skipped (a huge one among them must not change the scale), [3, 4] kept.
        let layer = NetworkWorkspace.makeLayer(.embeddingNormalization(skipped: 3, blocks: [2]), batchCapacity: 2, isFirst: true)
        let input: [Float] = [1000, 2, 3, 3, 4, 9, 9, 9, 1, 1]
        var generator = SeededGenerator(seed: 0)
        layer.forward(Tensor(input, shape: Shape(channels: 1, height: 1, width: 5)), batch: 2,
                      parameters: TensorSlice(Tensor([])), training: false, generator: &generator)
        let output = layer.output.values(batch: 2)
        let a = Float(12.5).squareRoot()
        let expected: [Float] = [3 / a, 4 / a, 1, 1]
        #expect(output.count == 4 && zip(output, expected).allSatisfy { abs($0 - $1) < 1e-6 }, "\(output)")
    }

    /// `--head-input penultimate`: the same 1706-value rows in, the 200 penultimate values read by the head.
    @Test func penultimateHeadReadsTheLastBlockOnly() throws {
        let head = Self.head(dense: 0, penultimate: true)
        try head.validate()
        #expect(head.parameterCount == 200 * 3 + 3)
        #expect(head.layers.first == .embeddingNormalization(skipped: 1506, blocks: [200]))
        #expect(head.frontEnd.encoderDigestBytes == Self.digest)
        let fields = head.frontEnd.encodedFields
        #expect(FrontEnd(kind: fields.kind, bandsPerGroup: fields.bandsPerGroup, encoderDigest: Self.digest) == head.frontEnd)
        #expect(FrontEnd(kind: fields.kind, bandsPerGroup: 2, encoderDigest: Self.digest) == nil, "no third embedding input")
    }

    @Test func headsValidateAndStartWithTheNormalization() throws {
        try Self.head(dense: 0).validate()
        try Self.head(dense: 16).validate()
        #expect(Self.head(dense: 0).parameterCount == 1706 * 3 + 3)
        #expect(Self.head(dense: 0).layers.first == .embeddingNormalization(skipped: 0, blocks: [1506, 200]))
        var wrong = Self.head(dense: 0)
        wrong.inputWidth = 1700
        #expect(throws: MLError.self) { try wrong.validate() }
    }

    @Test(arguments: [false, true])
    func modelFileKeepsTheEncoderDigestAndOnlyHeadsOnEmbeddingsCarryOne(penultimate: Bool) throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("head.chorus")
        let network = try Network(architecture: Self.head(dense: 8, penultimate: penultimate), seed: 3)
        try ModelFile.save(network, labelNames: ["a", "b", "c"], features: .standard, to: url)
        let loaded = try ModelFile.load(from: url)
        #expect(loaded.network == network)
        #expect(loaded.network.architecture.frontEnd.encoderDigest == Hex.encode(Self.digest))
        let bytes = [UInt8](try Data(contentsOf: url))
        #expect(bytes[8] == 4, "every model is written as format version 4")
        let cnn = try ModelFile(network: Network(architecture: .tiny, seed: 1), labelNames: (0..<10).map { "g\($0)" }).encoded()
        #expect(cnn[8] == 4)
        let decoded = try ModelFile.decode(cnn, path: "cnn.chorus")
        #expect(decoded.network.architecture.frontEnd == .image, "a log-mel model's file has no encoder digest")
        #expect(decoded.network.architecture.frontEnd.encoderDigestBytes == nil)
    }
}
