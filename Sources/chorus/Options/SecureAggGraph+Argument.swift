import ArgumentParser
import SecureAgg

/// `--graph complete|sparse`, parsed by the graph's own names.
extension SecureAggParameters.Graph: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(name: argument)
    }

    public static var allValueStrings: [String] { allCases.map(\.name) }
}
