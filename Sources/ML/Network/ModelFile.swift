import ChorusSupport
import Foundation

/// A trained network on disk: a versioned header, the architecture, the
/// parameters of the features it was trained on, the class names, the flat
/// parameter vector and a SHA-256 checksum.
///
/// Layout (version 4, all integers little-endian). Still read: version 3 (a head on
/// encoder embeddings without feature parameters), version 2 (no encoder digest, no
/// feature parameters, trained on `FeatureParameters.fullBand`) and version 1 (also no
/// front-end fields, always the image front end):
///
/// | field | bytes |
/// |---|---|
/// | magic `CHORUSNN` | 8 |
/// | format version (4) | u32 |
/// | input height, input width | u32, u32 |
/// | convolution blocks B, then B channel counts | u32, B × u32 |
/// | dense width (0 = no hidden layer) | u32 |
/// | dropout rate | f32 |
/// | classes K | u32 |
/// | GroupNorm groups (0 = none) | u32 |
/// | front end: 0 image, 1 band statistics, 2 encoder embeddings; then bands per group (0 unless band statistics) | u32, u32 |
/// | encoder digest (front end 2 only) | 32 |
/// | features: mel fmax in Hz, band limit in Hz (0: none) | f64, f64 |
/// | K class names: length then UTF-8 | K × (u16 + bytes) |
/// | parameter count P | u64 |
/// | parameters | P × f32 |
/// | SHA-256 of everything above | 32 |
public struct ModelFile: Sendable, Equatable {
    /// The network: architecture and parameters.
    public var network: Network
    /// The name of each class, `network.architecture.classes` of them.
    public var labelNames: [String]
    /// The front-end parameters of the features the network was trained on:
    /// audio must be turned into features with these to be scored.
    public var features: FeatureParameters

    static let magic = Array("CHORUSNN".utf8)
    /// The format version this build writes and reads.
    public static let version: UInt32 = 4
    /// A head on encoder embeddings before feature parameters: version 2 plus the
    /// encoder's 32-byte digest after the front-end fields.
    static let versionWithEncoderWithoutFeatures: UInt32 = 3
    /// The format before feature parameters and encoders, read as `FeatureParameters.fullBand`.
    static let versionWithoutFeatures: UInt32 = 2
    /// The earlier format, read as the image front end and `FeatureParameters.fullBand`.
    static let versionWithoutFrontEnd: UInt32 = 1
    static let maximumNameLength = 256

    /// - Throws: `MLError.invalidOption` when the number of names is not the number of classes,
    ///   a name is longer than 256 UTF-8 bytes or the feature parameters are out of range.
    public init(network: Network, labelNames: [String], features: FeatureParameters = .standard) throws(MLError) {
        guard labelNames.count == network.architecture.classes else {
            throw MLError.invalidOption(field: "class names",
                                        reason: "\(labelNames.count) given, the network has \(network.architecture.classes) classes")
        }
        if let long = labelNames.first(where: { $0.utf8.count > Self.maximumNameLength }) {
            throw MLError.invalidOption(field: "class name", reason: "'\(long.prefix(40))…' is longer than \(Self.maximumNameLength) bytes")
        }
        try features.validate()
        self.network = network
        self.labelNames = labelNames
        self.features = features
    }

    /// Writes the model to `url` atomically (temporary file, fsync, rename).
    /// - Throws: `MLError.io` naming the file.
    public func save(to url: URL) throws(MLError) {
        do {
            try AtomicFile.write(encoded(), to: url)
        } catch {
            throw .io(path: url.path, reason: error.description)
        }
    }

    /// Saves `network` with its class names and feature parameters to `url`.
    /// - Throws: `MLError.invalidOption` for names that do not fit, `MLError.io` naming the file.
    public static func save(_ network: Network, labelNames: [String], features: FeatureParameters,
                            to url: URL) throws(MLError) {
        try ModelFile(network: network, labelNames: labelNames, features: features).save(to: url)
    }

    /// Reads and verifies a model file.
    /// - Throws: `MLError` naming the file: `.io` when it cannot be read, `.notAModelFile`,
    ///   `.unsupportedVersion`, `.truncated(field:)`, `.corruptField`, `.trailingBytes` or
    ///   `.checksumMismatch` when its bytes are not a valid model.
    public static func load(from url: URL) throws(MLError) -> ModelFile {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw MLError.io(path: url.path, reason: "cannot read: \(error.localizedDescription)")
        }
        return try decode([UInt8](data), path: url.path)
    }
}
