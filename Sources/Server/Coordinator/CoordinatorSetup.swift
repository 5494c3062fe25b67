import Foundation
import ML
import Transport

/// What a coordinator run needs besides its configuration file.
public struct CoordinatorSetup: Sendable {
    /// The coordinator's keys and roster.
    public var directory: CoordinatorDirectory
    public var config: CoordinatorConfig
    /// Where `model.chorus`, `checkpoint.bin` and `privacy-report.jsonl` go.
    public var outputDirectory: URL
    /// The operator's held-out segments; nil skips evaluation (protocol benchmarks).
    public var testSet: FeatureSet?
    /// The genre names the model's classes stand for.
    public var labelNames: [String]
    public var host: String
    /// 0 picks a free port (see `Coordinator.port`).
    public var port: Int
    /// Written into the privacy report's run record.
    public var softwareVersion: String
    /// Called with the unmasked sums (tests compare them with plain FedAvg).
    public var observer: (@Sendable (CoordinatorEvent) -> Void)?

    public init(directory: CoordinatorDirectory, config: CoordinatorConfig, outputDirectory: URL, testSet: FeatureSet?,
                labelNames: [String], host: String, port: Int, softwareVersion: String,
                observer: (@Sendable (CoordinatorEvent) -> Void)? = nil) {
        self.directory = directory
        self.config = config
        self.outputDirectory = outputDirectory
        self.testSet = testSet
        self.labelNames = labelNames
        self.host = host
        self.port = port
        self.softwareVersion = softwareVersion
        self.observer = observer
    }

    /// The front-end parameters `model.chorus` records: the test set's, or
    /// today's (what participants of this build extract with) without one.
    public var featureParameters: FeatureParameters { testSet?.parameters ?? .standard }

    public var modelURL: URL { outputDirectory.appendingPathComponent("model.chorus") }
    public var checkpointURL: URL { outputDirectory.appendingPathComponent("checkpoint.bin") }
    public var reportURL: URL { outputDirectory.appendingPathComponent("privacy-report.jsonl") }
}
