import CFuzzerDriver
import Foundation

/// The input handler libFuzzer calls; set once by `runFuzzer` before the driver starts.
nonisolated(unsafe) private var testOneInput: ([UInt8]) -> Void = { _ in }

/// Runs one fuzzer executable.
///
/// `FuzzX --write-seeds DIR` writes `seeds()` (small valid inputs made by the
/// real encoders) to DIR as `seed-N`, for FuzzTesting/Corpus; any other
/// arguments go to libFuzzer, which calls `body` with each input. `body` must
/// only return: a decoder's typed error is a pass, a trap is the finding.
public func runFuzzer(seeds: () throws -> [[UInt8]], body: @escaping ([UInt8]) -> Void) -> Never {
    let arguments = CommandLine.arguments
    if arguments.count == 3, arguments[1] == "--write-seeds" {
        do {
            let directory = URL(fileURLWithPath: arguments[2], isDirectory: true)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for (index, seed) in try seeds().enumerated() {
                try Data(seed).write(to: directory.appendingPathComponent("seed-\(index)"))
            }
            exit(0)
        } catch {
            FileHandle.standardError.write(Data("cannot write seeds: \(error)\n".utf8))
            exit(1)
        }
    }
    testOneInput = body
    exit(chorus_fuzzer_run(CommandLine.argc, CommandLine.unsafeArgv) { data, size in
        testOneInput(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    })
}
