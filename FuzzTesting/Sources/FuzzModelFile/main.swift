import FuzzSupport
import ML

// Bytes given to the model-file loader come back as a `ModelFile` or an `MLError`.
runFuzzer(seeds: {
    let architecture = Architecture(inputHeight: 8, inputWidth: 8, convolutionChannels: [2], denseWidth: 4,
                                    dropout: 0, classes: 3)
    let linear = Architecture(inputHeight: 8, inputWidth: 8, convolutionChannels: [], denseWidth: 0, dropout: 0, classes: 3,
                              frontEnd: .bandStatistics(bandsPerGroup: 2))
    return try [architecture, linear].map { architecture in
        let network = try Network(architecture: architecture, seed: 1)
        return try ModelFile(network: network, labelNames: ["blues", "jazz", "rock"]).encoded()
    }
}, body: { bytes in
    _ = try? ModelFile.decode(bytes, path: "fuzz-input")
})
