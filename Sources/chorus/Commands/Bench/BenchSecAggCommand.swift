import ArgumentParser
import Foundation
import SecureAgg

/// `chorus bench secagg`: the whole protocol in one process, per stage.
struct BenchSecAggCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secagg",
        abstract: "Run a secure-aggregation round in one process; report compute and bytes per stage.",
        discussion: """
        Example:
          chorus bench secagg --participants 100 --dropout 0.1 --json
        """
    )

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    @Option(parsing: .unconditional, help: "Participants N.")
    var participants = 10

    @Option(parsing: .unconditional, help: "Entries of each vector D; by default the 1,048,576 a round of the default CNN masks (its 622,154 parameters, padded to a power of two by the rotation).")
    var dim = DefaultMaskedVector.words

    @Option(parsing: .unconditional, help: "Fraction of participants that drop out after sharing keys (also the tolerated dropout).")
    var dropout = 0.1

    @Option(parsing: .unconditional, help: "Tolerated fraction of participants colluding with the server.")
    var corrupt = 0.1

    @Option(help: "Neighbour graph: complete (SecAgg) or sparse (SecAgg+).")
    var graph = GraphChoice.sparse

    func validate() throws {
        guard participants >= 3, participants <= WireFormat.maximumParticipants else {
            throw ValidationError("--participants must be in 3...\(WireFormat.maximumParticipants).")
        }
        guard dim >= 1, dim <= WireFormat.maximumDimension else {
            throw ValidationError("--dim must be in 1...\(WireFormat.maximumDimension).")
        }
        guard (0..<0.5).contains(dropout), (0..<0.5).contains(corrupt) else {
            throw ValidationError("--dropout and --corrupt must be in [0, 0.5).")
        }
    }

    func run() throws {
        let logger = logging.makeLogger(label: "chorus.bench.secagg")
        let graph = graph.graph
        logger.info("benchmarking a secure-aggregation round",
                    metadata: ["participants": "\(participants)", "dimension": "\(dim)", "graph": "\(graph.name)"])
        let result = try SecAggBenchmark(participants: participants, dimension: dim, dropout: dropout,
                                         corrupt: corrupt, graph: graph).run()
        let parameters = result.derived.parameters
        if output.json {
            var stages: [String: Any] = [:]
            for stage in result.stages {
                stages[stage.stage.description] = [
                    "client_ms": stage.clientMedianMilliseconds, "client_ms_max": stage.clientMaxMilliseconds,
                    "server_ms": stage.serverMilliseconds, "bytes": stage.bytes,
                    "bytes_up_per_client": stage.uplinkBytesPerClient, "bytes_down_per_client": stage.downlinkBytesPerClient,
                ]
            }
            try output.printJSON([
                "participants": participants, "dimension": dim, "dropout": dropout, "dropped": result.dropped,
                "corrupt": corrupt, "graph": parameters.graph.name, "degree": parameters.degree, "threshold": parameters.threshold,
                "stages": stages, "sum_correct": result.sumCorrect, "total_seconds": result.seconds,
            ])
        } else {
            print("N=\(participants) D=\(dim) graph=\(parameters.graph.name) k=\(parameters.degree) t=\(parameters.threshold) dropped=\(result.dropped)")
            print("stage               client ms (median/max)   server ms        bytes")
            for stage in result.stages {
                let name = stage.stage.description.padding(toLength: 18, withPad: " ", startingAt: 0)
                print(name + String(format: "  %10.2f / %-10.2f %11.2f %12d", stage.clientMedianMilliseconds,
                                    stage.clientMaxMilliseconds, stage.serverMilliseconds, stage.bytes))
            }
            print("sum correct: \(result.sumCorrect)   total \(String(format: "%.1f", result.seconds)) s")
        }
        guard result.sumCorrect else { throw ValidationError("the unmasked sum differs from the plain sum") }
    }
}
