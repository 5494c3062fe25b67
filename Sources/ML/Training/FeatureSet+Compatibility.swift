extension FeatureSet {
    /// Checks that these features can be fed to a network of `architecture`:
    /// segment size, label range, clip indices and class names.
    /// - Parameter role: how the set is named in errors ("training set", "features").
    /// - Throws: `MLError.emptyFeatureSet` or `MLError.featureMismatch` saying what differs.
    func checkCompatible(with architecture: Architecture, role: String) throws(MLError) {
        guard count > 0 else { throw MLError.emptyFeatureSet(role) }
        guard melBands == architecture.inputHeight && frames == architecture.inputWidth else {
            throw MLError.featureMismatch(reason: "\(role) has \(melBands)×\(frames) segments, the network expects "
                + "\(architecture.inputHeight)×\(architecture.inputWidth)")
        }
        guard labelNames.count == architecture.classes else {
            throw MLError.featureMismatch(reason: "\(role) has \(labelNames.count) classes, the network has \(architecture.classes)")
        }
        for (index, label) in labels.enumerated() where label < 0 || Int(label) >= architecture.classes {
            throw MLError.featureMismatch(reason: "\(role) segment \(index) has label \(label), expected 0..<\(architecture.classes)")
        }
        for (index, clip) in clipIndices.enumerated() where clip < 0 || Int(clip) >= clips.count {
            throw MLError.featureMismatch(reason: "\(role) segment \(index) names clip \(clip) of \(clips.count)")
        }
    }
}

extension FeatureSet {
    /// Checks that these features were computed with `expected`, the
    /// front-end parameters a model was trained on.
    /// - Throws: `MLError.featureMismatch` naming both and the way out.
    public func requireParameters(_ expected: FeatureParameters, role: String) throws(MLError) {
        guard parameters == expected else {
            throw MLError.featureMismatch(reason: "\(role) were computed with \(parameters), the model was trained on "
                + "\(expected); pass the audio folder instead (it is extracted with the model's front end) or extract "
                + "it again with `chorus features` and the model's --mel-fmax and --band-limit")
        }
    }
}
