import ML
import Testing

/// The checkpoint reader against checkpoints built from the format's specification.
struct TensorBundleTests {
    static let tensors: [(name: String, shape: [Int], values: [Float])] = [
        ("conv2d/kernel", [2, 1, 1, 3], [1, -2, 3.5, 0.25, 5, -6]),
        ("conv2d/bias", [3], [0.5, 0, -0.5]),
        ("batch_normalization_10/beta", [1], [7]),
        ("beta1_power", [], [0.9]),
    ]

    @Test func crc32cMatchesItsCheckValue() {
        // The CRC-32C check value of "123456789" (RFC 3720, appendix B.4).
        #expect(CRC32C.checksum(Array("123456789".utf8)[...]) == 0xe306_9283)
    }

    @Test func readsEveryTensorWithShapeAndValues() throws {
        let (index, data) = CheckpointFixture.make(Self.tensors)
        let read = try TensorBundle.tensors(index: index, data: data, indexPath: "x.index", dataPath: "x.data")
        for tensor in Self.tensors {
            #expect(read[tensor.name] == EncoderTensor(shape: tensor.shape, values: tensor.values), "\(tensor.name)")
        }
    }

    @Test func readsOnlyTheWantedTensorsAndNamesAMissingOne() throws {
        let (index, data) = CheckpointFixture.make(Self.tensors)
        let read = try TensorBundle.tensors(index: index, data: data, indexPath: "x.index", dataPath: "x.data",
                                            wanted: ["conv2d/bias"])
        #expect(Array(read.keys) == ["conv2d/bias"])
        #expect(throws: EncoderError.missing(path: "x.index", what: "tensor dense/kernel")) {
            try TensorBundle.tensors(index: index, data: data, indexPath: "x.index", dataPath: "x.data",
                                     wanted: ["conv2d/bias", "dense/kernel"])
        }
    }

    @Test func refusesACorruptTensorByName() {
        var (index, data) = CheckpointFixture.make(Self.tensors)
        data[data.count - 1] ^= 0x40  // the last tensor in name order is conv2d/kernel
        #expect(throws: EncoderError.checksumMismatch(path: "x.data", what: "CRC-32C of tensor conv2d/kernel")) {
            try TensorBundle.tensors(index: index, data: data, indexPath: "x.index", dataPath: "x.data")
        }
        index = CheckpointFixture.make(Self.tensors).index
        index[3] ^= 0x01  // inside the data block
        #expect(throws: EncoderError.self) {
            try TensorBundle.tensors(index: index, data: data, indexPath: "x.index", dataPath: "x.data")
        }
    }

    @Test func refusesEveryTruncatedIndexAndData() {
        let (index, data) = CheckpointFixture.make(Self.tensors)
        for length in 0..<index.count {
            #expect(throws: EncoderError.self, "index prefix of \(length) bytes") {
                try TensorBundle.tensors(index: Array(index[..<length]), data: data, indexPath: "x.index", dataPath: "x.data")
            }
        }
        #expect(throws: EncoderError.self) {
            try TensorBundle.tensors(index: index, data: Array(data.dropLast()), indexPath: "x.index", dataPath: "x.data")
        }
    }
}
