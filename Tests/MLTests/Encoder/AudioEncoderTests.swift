import ChorusSupport
@testable import ML
import Testing

/// Many patches at once (a patch per thread, single-threaded products) against one at a time.
/// Serialized: the tests change or read OpenBLAS's process-wide thread count.
@Suite(.serialized) struct AudioEncoderTests {
    /// A random encoder of musicnn's shapes whose batch norms are defined (positive variances).
    static func encoder() -> AudioEncoder {
        let random = EncoderFileTests.randomEncoder(seed: 5)
        var tensors = random.tensors
        for (name, tensor) in tensors where name.hasSuffix("moving_variance") {
            tensors[name] = EncoderTensor(shape: tensor.shape, values: tensor.values.map { abs($0) + 0.5 })
        }
        return AudioEncoder(EncoderFile(model: .msdMusicnn, tensors: tensors))
    }

    /// Within single precision's rounding: one thread tiles each product differently from two.
    @Test func patchesSpreadOverThreadsGiveTheEmbeddingsOfOneAtATimeInOrder() {
        let encoder = Self.encoder()
        var generator = SeededGenerator(seed: 6)
        let patches = (0..<3).map { _ in (0..<(187 * 96)).map { _ in 3 * generator.nextUnitFloat() } }
        let single = patches.map(encoder.embedding(ofPatch:))
        let batched = encoder.embeddings(ofPatches: patches, threads: 2)
        #expect(single.count == 3 && single.allSatisfy { $0.count == AudioEncoder.embeddingSize && $0.allSatisfy(\.isFinite) })
        #expect(Set(single.map { $0.map(\.bitPattern) }).count == 3, "different patches, different embeddings")
        #expect(batched.count == 3)
        for (got, want) in zip(batched, single) {
            let scale = want.reduce(0) { max($0, abs($1)) }
            #expect(got.count == want.count && zip(got, want).allSatisfy { abs($0 - $1) <= 1e-5 * scale })
        }
        #expect(encoder.embeddings(ofPatches: Array(patches.prefix(1)), threads: 2) == Array(single.prefix(1)), "one patch: as one at a time")
    }

    /// Inside a section, and inside one nested in it, products run on one thread. (What the count returns to
    /// afterwards is `singleThreadedSectionsRestoreTheCountTheFirstFound`'s: other suites' convolutions may hold
    /// a section of their own at any moment, so the process-wide count is not read here outside one.)
    @Test func singleThreadedSectionsRunProductsOnOneThread() {
        let inner = SingleThreadedProducts.run {
            let outer = SingleThreadedProducts.current
            return (outer, SingleThreadedProducts.run { SingleThreadedProducts.current }, SingleThreadedProducts.current)
        }
        #expect(inner == (1, 1, 1))
    }

    /// Overlapping sections: the first asks for one thread, the ones started meanwhile ask nothing, and only the
    /// last to end asks for the count the first found, even when they end in another order than they began.
    @Test func singleThreadedSectionsRestoreTheCountTheFirstFound() {
        var sections = SingleThreadedProducts.Sections()
        #expect(sections.enter(current: 2) == .setThreads(1))
        #expect(sections.enter(current: 1) == .none)
        #expect(sections.leave() == .none)
        #expect(sections.enter(current: 1) == .none)
        #expect(sections.leave() == .none)
        #expect(sections.leave() == .setThreads(2))
        #expect(sections.depth == 0)
        #expect(sections.enter(current: 4) == .setThreads(1), "a later first section remembers the count it finds")
        #expect(sections.leave() == .setThreads(4))
    }
}
