import ArgumentParser
import Foundation
import SecureAgg

/// `chorus bench mask`: the masking kernel as a ratio to the raw keystream of its PRG
/// (AES-128-CTR) and of ChaCha20 (the PRG before protocol version 3).
struct BenchMaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mask",
        abstract: "Mask a vector with k neighbours; compare with the raw AES-128-CTR and ChaCha20 keystream rates.",
        discussion: """
        The mask PRG is AES-128-CTR (OpenSSL, AES-NI). mask_vs_aes128ctr_ratio is the masking \
        rate over OpenSSL's raw AES-128-CTR keystream in the same run; mask_vs_chacha20_ratio is \
        over OpenSSL's raw ChaCha20, the PRG of protocol version 2.

        Example:
          chorus bench mask --json
        """
    )

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    @Option(parsing: .unconditional, help: "Entries of the vector; by default the 1,048,576 a round of the default CNN masks (its 622,154 parameters, padded to a power of two by the rotation).")
    var dim = DefaultMaskedVector.words

    @Option(parsing: .unconditional, help: "Neighbours k; by default the sparse degree derived for 1000 participants, 10% dropout, 10% corrupt.")
    var neighbours: Int?

    @Option(parsing: .unconditional, help: "Timed repeats; the median is reported.")
    var repeats = 5

    func validate() throws {
        guard dim >= 1, dim <= WireFormat.maximumDimension else {
            throw ValidationError("--dim must be in 1...\(WireFormat.maximumDimension).")
        }
        if let neighbours, neighbours < 1 || neighbours > 1000 {
            throw ValidationError("--neighbours must be in 1...1000.")
        }
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1.") }
    }

    func run() throws {
        let logger = logging.makeLogger(label: "chorus.bench.mask")
        let k = try neighbours ?? SecureAggParameters.derive(participants: 1000, dropoutFraction: 0.1,
                                                             corruptFraction: 0.1, graph: .sparse).parameters.degree
        logger.info("benchmarking masking", metadata: ["dimension": "\(dim)", "neighbours": "\(k)"])
        let result = try MaskBenchmark(dimension: dim, neighbours: k, repeats: repeats).run()
        guard result.verified else { throw ValidationError("masking then unmasking did not restore the vector") }
        let ratio = result.maskGBPerSecond / result.chacha20GBPerSecond
        let prgRatio = result.maskGBPerSecond / result.aes128CTRGBPerSecond
        if output.json {
            try output.printJSON([
                "mask_gb_per_s": result.maskGBPerSecond,
                "aes128ctr_gb_per_s": result.aes128CTRGBPerSecond,
                "mask_vs_aes128ctr_ratio": prgRatio,
                "chacha20_gb_per_s": result.chacha20GBPerSecond,
                "mask_vs_chacha20_ratio": ratio,
                "chacha20_libsodium_gb_per_s": result.libsodiumGBPerSecond,
                "openssl_vs_libsodium_ratio": result.chacha20GBPerSecond / result.libsodiumGBPerSecond,
                "dimension": dim, "neighbours": k, "streams": k + 1, "repeats": repeats,
            ])
        } else {
            print("masking \(dim) entries with \(k) neighbours (\(k + 1) AES-128-CTR streams), median of \(repeats):")
            print("  mask               \(format(result.maskGBPerSecond)) GB/s of keystream")
            print("  AES-128-CTR (OpenSSL) \(format(result.aes128CTRGBPerSecond)) GB/s   mask/AES-128-CTR = \(format(prgRatio))")
            print("  ChaCha20 (OpenSSL) \(format(result.chacha20GBPerSecond)) GB/s   mask/ChaCha20 = \(format(ratio))")
            print("  ChaCha20 (sodium)  \(format(result.libsodiumGBPerSecond)) GB/s")
        }
    }

    private func format(_ value: Double) -> String {
        String(format: "%.3f", value)
    }
}
