/// What `FeatureExtractor.extract(from:…)` made of a folder: the features of
/// every usable clip, and every file it skipped with the reason.
public struct FeatureExtractionResult: Sendable {
    /// A file that gave no features, and why.
    public struct SkippedFile: Sendable, Equatable {
        /// The clip's id (its path relative to the dataset root).
        public var clip: String
        /// Why: empty, unreadable, corrupt, truncated, or shorter than one segment.
        public var error: AudioError
    }

    /// The segments of all usable clips, in the dataset's clip order.
    public var features: FeatureSet
    /// Skipped files in the dataset's clip order.
    public var skipped: [SkippedFile]
    /// Clips found in the folder, usable or not.
    public var clipsFound: Int
}
