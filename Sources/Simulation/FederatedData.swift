import ChorusSupport
import Foundation
import Logging
import ML

/// The data of a simulated federation: the operator's held-out segments and
/// one training shard per participant, split by clip (never by segment).
public struct FederatedData: Sendable {
    public var labelNames: [String]
    public var test: FeatureSet?
    public var shards: [FeatureSet?]

    public init(labelNames: [String], test: FeatureSet?, shards: [FeatureSet?]) {
        self.labelNames = labelNames
        self.test = test
        self.shards = shards
    }

    /// Features of `directory` (a labelled audio folder, or a feature cache
    /// file), or of a small synthetic corpus written into `workDirectory` when
    /// nil; 20% of each genre's clips held out for testing, the rest dealt to
    /// `participants` by `partition`.
    /// - Throws: `AudioError` for unreadable data or a partition that cannot be made.
    public static func prepare(directory: URL?, participants: Int, partition: ParticipantPartition, seed: UInt64,
                               workDirectory: URL, clipsPerGenre: Int, logger: Logger) throws(AudioError) -> FederatedData {
        let features = try load(directory: directory, workDirectory: workDirectory, clipsPerGenre: clipsPerGenre,
                                seed: seed, logger: logger)
        let split = features.split(seed: seed, validationFraction: 0, testFraction: 0.2)
        let assignment = try partition.assign(split.train, participants: participants, seed: seed)
        if split.test.count == 0 {
            logger.warning("too few clips to hold any out: rounds are not evaluated", metadata: ["clips": "\(features.clips.count)"])
        }
        return FederatedData(labelNames: features.labelNames, test: split.test.count > 0 ? split.test : nil,
                             shards: assignment.map { split.train.subset(clips: $0) })
    }

    private static func load(directory: URL?, workDirectory: URL, clipsPerGenre: Int, seed: UInt64,
                             logger: Logger) throws(AudioError) -> FeatureSet {
        var isDirectory: ObjCBool = false
        if let directory, FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            return try FeatureCache.read(from: directory)
        }
        let cache = workDirectory.appendingPathComponent("features.bin")
        if directory == nil, FileManager.default.fileExists(atPath: cache.path) {
            return try FeatureCache.read(from: cache)
        }
        var root = directory ?? workDirectory.appendingPathComponent("corpus", isDirectory: true)
        if directory == nil {
            logger.info("writing a synthetic corpus", metadata: ["dir": "\(root.path)", "clips_per_genre": "\(clipsPerGenre)"])
            try SyntheticCorpus.write(to: root, clipsPerGenre: clipsPerGenre, seconds: 6, seed: seed)
        }
        root.standardize()
        let threads = ProcessInfo.processInfo.activeProcessorCount
        let features = try FeatureExtractor.extract(from: root, threads: threads, logger: logger).features
        if directory == nil { try FeatureCache.write(features, to: cache) }
        return features
    }

    /// Random segments for benchmarks of the protocol: `segments` per
    /// participant in [-80, 0] dB with random labels, and no test set.
    public static func random(participants: Int, segments: Int, architecture: Architecture, seed: UInt64) -> FederatedData {
        var generator = SeededGenerator(seed: seed)
        let names = SyntheticCorpus.genres
        let size = architecture.inputHeight * architecture.inputWidth
        let shards: [FeatureSet?] = (0..<participants).map { _ in
            FeatureSet(labelNames: names, melBands: architecture.inputHeight, frames: architecture.inputWidth,
                       values: (0..<(segments * size)).map { _ in -80 * generator.nextUnitFloat() },
                       labels: (0..<segments).map { _ in Int32(generator.next() % UInt64(names.count)) },
                       clipIndices: (0..<segments).map { Int32($0) }, clips: (0..<segments).map { "random/\($0)" })
        }
        return FederatedData(labelNames: names, test: nil, shards: shards)
    }
}
