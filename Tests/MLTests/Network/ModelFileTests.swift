import ChorusSupport
import Foundation
import ML
import Testing
import TestSupport

/// Model files round-trip exactly and every kind of damage is a clear error.
struct ModelFileTests {
    static let architecture = Architecture(inputHeight: 8, inputWidth: 10, convolutionChannels: [4, 4], denseWidth: 6,
                                           dropout: 0.25, classes: 3, groupNormGroups: 2)
    static let names = ["blues", "jazz", "métal"]

    func savedModel(in directory: TemporaryDirectory) throws -> (URL, [UInt8]) {
        let url = directory.file("model.chorus")
        try ModelFile.save(try Network(architecture: Self.architecture, seed: 9), labelNames: Self.names, features: .standard,
                           to: url)
        return (url, [UInt8](try Data(contentsOf: url)))
    }

    func load(_ bytes: [UInt8], in directory: TemporaryDirectory) throws(MLError) -> ModelFile {
        let url = directory.file("damaged.chorus")
        do { try Data(bytes).write(to: url) } catch { Issue.record("cannot write test file") }
        return try ModelFile.load(from: url)
    }

    @Test func saveThenLoadGivesTheSameNetworkAndNames() throws {
        let directory = try TemporaryDirectory()
        let (url, _) = try savedModel(in: directory)
        let loaded = try ModelFile.load(from: url)
        #expect(loaded.network == (try Network(architecture: Self.architecture, seed: 9)))
        #expect(loaded.labelNames == Self.names)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.url.path)
        #expect(leftovers == ["model.chorus"], "the temporary file is renamed, not left behind")
    }

    @Test func savingOverAnExistingModelReplacesIt() throws {
        let directory = try TemporaryDirectory()
        let (url, _) = try savedModel(in: directory)
        let other = try Network(architecture: Self.architecture, seed: 10)
        try ModelFile.save(other, labelNames: Self.names, features: .standard, to: url)
        #expect(try ModelFile.load(from: url).network == other)
    }

    @Test func everyFlippedParameterOrChecksumByteIsCaught() throws {
        let directory = try TemporaryDirectory()
        let (_, bytes) = try savedModel(in: directory)
        // Bytes past the header: parameters and the checksum itself.
        for offset in stride(from: bytes.count - 1, to: 120, by: -97) {
            var damaged = bytes
            damaged[offset] ^= 0x10
            #expect(throws: MLError.checksumMismatch(path: directory.file("damaged.chorus").path), "byte \(offset)") {
                try load(damaged, in: directory)
            }
        }
    }

    @Test func everyTruncationIsAnError() throws {
        let directory = try TemporaryDirectory()
        let (_, bytes) = try savedModel(in: directory)
        for length in stride(from: 0, to: bytes.count, by: 37) {
            #expect(throws: MLError.self, "length \(length)") { try load(Array(bytes.prefix(length)), in: directory) }
        }
        let path = directory.file("damaged.chorus").path
        #expect(throws: MLError.truncated(path: path, field: "checksum")) { try load(Array(bytes.dropLast(5)), in: directory) }
        #expect(throws: MLError.truncated(path: path, field: "parameters")) { try load(Array(bytes.prefix(200)), in: directory) }
        #expect(throws: MLError.trailingBytes(path: path, count: 2)) { try load(bytes + [0, 0], in: directory) }
    }

    @Test func wrongMagicVersionOrArchitectureIsNamed() throws {
        let directory = try TemporaryDirectory()
        let (_, bytes) = try savedModel(in: directory)
        let path = directory.file("damaged.chorus").path
        var magic = bytes
        magic[0] = UInt8(ascii: "X")
        #expect(throws: MLError.notAModelFile(path: path)) { try load(magic, in: directory) }
        var version = bytes
        version[8] = 7
        #expect(throws: MLError.unsupportedVersion(path: path, found: 7, supported: 4)) { try load(version, in: directory) }
        var classes = bytes
        classes[8 + 4 * 7 + 4] = 0  // the class count (after magic, version, h, w, B, 2 channels, dense, dropout)
        #expect(throws: MLError.corruptField(path: path, field: "classes", reason: "is 0, expected 2...4096")) {
            try load(classes, in: directory)
        }
    }

    @Test func bandStatisticsModelRoundTrips() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("linear.chorus")
        var network = try Network(architecture: .statisticsLinear, seed: 1)
        network.parameters = network.parameters.indices.map { Float($0) * 1e-4 }
        let names = (0..<10).map { "genre \($0)" }
        try ModelFile.save(network, labelNames: names, features: .standard, to: url)
        let loaded = try ModelFile.load(from: url)
        #expect(loaded.network == network)
        #expect(loaded.network.architecture.frontEnd == .bandStatistics(bandsPerGroup: 2))
    }

    @Test func versionOneFilesStillLoadAsTheImageFrontEndOnFullBandFeatures() throws {
        let directory = try TemporaryDirectory()
        let (_, bytes) = try savedModel(in: directory)
        // Version 1 had no front-end fields and no feature parameters: they follow GroupNorm groups, 48 bytes in
        // (magic, version, h, w, B, 2 channels, dense, dropout, classes, groups), 8 and 16 bytes.
        #expect(bytes[48..<56].allSatisfy { $0 == 0 })
        var old = Array(bytes[..<48]) + Array(bytes[72..<(bytes.count - 32)])
        old[8] = 1
        old += SHA256.hash(old)
        let loaded = try load(old, in: directory)
        #expect(loaded.network == (try Network(architecture: Self.architecture, seed: 9)))
        #expect(loaded.network.architecture.frontEnd == .image)
        #expect(loaded.features == .fullBand)
    }

    @Test func versionTwoFilesLoadWithTheFullBandFeaturesTheyWereTrainedOn() throws {
        let directory = try TemporaryDirectory()
        let (_, bytes) = try savedModel(in: directory)
        // Version 2 had the front end but no feature parameters (the 16 bytes after the front end).
        var old = Array(bytes[..<56]) + Array(bytes[72..<(bytes.count - 32)])
        old[8] = 2
        old += SHA256.hash(old)
        let loaded = try load(old, in: directory)
        #expect(loaded.network == (try Network(architecture: Self.architecture, seed: 9)))
        #expect(loaded.features == .fullBand)
        #expect(loaded.features.melMaximumHertz == 11025 && loaded.features.bandLimitHertz == nil)
    }

    @Test(arguments: [FeatureParameters.standard, .fullBand, FeatureParameters(melMaximumHertz: 7000.5, bandLimitHertz: 6500)])
    func featureParametersRoundTrip(features: FeatureParameters) throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("model.chorus")
        try ModelFile.save(try Network(architecture: Self.architecture, seed: 9), labelNames: Self.names, features: features,
                           to: url)
        #expect(try ModelFile.load(from: url).features == features)
    }

    @Test func featureParametersOutOfRangeAreNamed() throws {
        let directory = try TemporaryDirectory()
        let (_, bytes) = try savedModel(in: directory)
        var damaged = Array(bytes[..<(bytes.count - 32)])
        damaged.replaceSubrange(56..<64, with: withUnsafeBytes(of: (22050.0).bitPattern.littleEndian, Array.init))
        damaged += SHA256.hash(damaged)
        let path = directory.file("damaged.chorus").path
        #expect(throws: MLError.corruptField(path: path, field: "feature parameters",
                                             reason: "are invalid: mel fmax: is 22050.0 Hz, expected above 0 and at most 11025.0")) {
            try load(damaged, in: directory)
        }
    }

    @Test func unknownFrontEndIsNamed() throws {
        let directory = try TemporaryDirectory()
        let (_, bytes) = try savedModel(in: directory)
        var damaged = bytes
        damaged[48] = 7
        let path = directory.file("damaged.chorus").path
        #expect(throws: MLError.corruptField(path: path, field: "front end", reason: "is 7 with 0 bands per group, expected "
                                                + FrontEnd.encodingDescription)) {
            try load(damaged, in: directory)
        }
    }

    @Test func missingFileIsAnIOErrorNamingIt() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("absent.chorus")
        #expect {
            try ModelFile.load(from: url)
        } throws: { error in
            "\(error)".contains(url.path)
        }
    }

    @Test func namesMustMatchTheClasses() throws {
        let network = try Network(architecture: Self.architecture, seed: 1)
        #expect(throws: MLError.self) { try ModelFile(network: network, labelNames: ["a", "b"]) }
    }
}
