import ArgumentParser
import SecureAgg

/// `--graph complete|sparse`: a secure-aggregation graph by its name. A type of its own, like
/// `ArchitectureChoice`, rather than `SecureAggParameters.Graph`: that enum's raw value is its wire
/// number, and ArgumentParser's help shows a raw-valued enum's default by its raw value ("default: 1").
enum GraphChoice: String, ExpressibleByArgument, CaseIterable {
    case complete, sparse

    var graph: SecureAggParameters.Graph {
        switch self {
        case .complete: .complete
        case .sparse: .sparse
        }
    }
}
