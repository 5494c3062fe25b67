import ArgumentParser
import ML

/// Which values of an encoder embedding a head reads, for `--head-input`.
enum HeadInput: String, ExpressibleByArgument, CaseIterable {
    /// musicnn's pooled features and its penultimate layer, 1706 values (`FrontEnd.embedding`).
    case whole
    /// The penultimate layer's 200 values alone (`FrontEnd.penultimateEmbedding`).
    case penultimate

    static let help = ArgumentHelp(
        "With --encoder: the embedding values the head reads: whole (musicnn's 1506 pooled features and its 200-value penultimate layer) or penultimate (the 200 values alone).",
        discussion: "penultimate suits --dp-mode statistics: the pooled features share one large direction, so DP noise drowns their class differences.")

    /// The front end of a head on the embeddings of the encoder with `digest`.
    func frontEnd(encoderDigest digest: [UInt8]) -> FrontEnd {
        switch self {
        case .whole: .embedding(encoderDigest: digest)
        case .penultimate: .penultimateEmbedding(encoderDigest: digest)
        }
    }
}
