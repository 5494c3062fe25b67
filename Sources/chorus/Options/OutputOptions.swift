import ArgumentParser
import Foundation

/// `--json`: one JSON object on stdout for scripts, with DESIGN.md's keys.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print one JSON object on stdout instead of text.")
    var json = false

    /// Prints `object` as one line of sorted-key JSON on stdout.
    func printJSON(_ object: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    /// Prints `value` as one line of sorted-key JSON on stdout, its property names
    /// in snake case (`bestEpoch` → `best_epoch`, DESIGN.md's key style).
    func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
