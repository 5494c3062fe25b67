import COpenBLAS
import COpenBLASKernels
import Foundation
import ML
import Testing
import TestSupport

/// The kernel selection that runs before `main` (COpenBLASKernels): which core
/// it picks for which CPU, and that the kernels this process runs on multiply
/// correctly. Nothing here sets OPENBLAS_CORETYPE: the tests run on the kernels
/// Chorus selects for this machine.
struct BLASKernelsTests {
    /// Named feature sets: what cpuid and XCR0 report on these processors.
    static let sse3Only = chorus_cpu_features(avx2: false, fma: false, avx512f: false, avx512dq: false, avx512bw: false,
                                              avx512vl: false, osSavesYMM: false, osSavesZMM: false)
    static let avx2FMA = chorus_cpu_features(avx2: true, fma: true, avx512f: false, avx512dq: false, avx512bw: false,
                                             avx512vl: false, osSavesYMM: true, osSavesZMM: false)
    static let avx512 = chorus_cpu_features(avx2: true, fma: true, avx512f: true, avx512dq: true, avx512bw: true,
                                            avx512vl: true, osSavesYMM: true, osSavesZMM: true)

    static func preferred(_ reported: String, _ features: chorus_cpu_features) -> String? {
        chorus_openblas_preferred_core(reported, features).map { String(cString: $0) }
    }

    @Test func prescottFallbackOnAnAVX512ProcessorBecomesSkylakeX() {
        // OpenBLAS 0.3.21 on an Intel family 6 model 207 (Emerald Rapids).
        #expect(Self.preferred("Prescott", Self.avx512) == "SkylakeX")
        #expect(Self.preferred("prescott", Self.avx512) == "SkylakeX")  // OpenBLAS compares names case-insensitively
    }

    @Test func prescottFallbackWithAVX2AndFMABecomesHaswell() {
        #expect(Self.preferred("Prescott", Self.avx2FMA) == "Haswell")
        #expect(Self.preferred("Nehalem", Self.avx2FMA) == "Haswell")
    }

    @Test func avx512WithoutOSSupportForZMMStateGetsHaswell() {
        var features = Self.avx512
        features.osSavesZMM = false  // a kernel or hypervisor that does not enable AVX-512 state
        #expect(Self.preferred("Prescott", features) == "Haswell")
    }

    @Test(arguments: ["F", "DQ", "BW", "VL"])
    func avx512MissingOneRequiredExtensionGetsHaswell(_ missing: String) {
        var features = Self.avx512
        switch missing {
        case "F": features.avx512f = false
        case "DQ": features.avx512dq = false
        case "BW": features.avx512bw = false
        default: features.avx512vl = false
        }
        #expect(Self.preferred("Prescott", features) == "Haswell", "without AVX-512\(missing)")
    }

    @Test func withoutFMAOrYMMStateOpenBLASKeepsItsChoice() {
        var noFMA = Self.avx2FMA
        noFMA.fma = false
        var noYMMState = Self.avx512
        noYMMState.osSavesYMM = false
        #expect(Self.preferred("Prescott", noFMA) == nil)
        #expect(Self.preferred("Prescott", noYMMState) == nil)
        #expect(Self.preferred("Prescott", Self.sse3Only) == nil)
    }

    @Test(arguments: ["SkylakeX", "Cooperlake", "Haswell", "Zen", "Sandybridge", "Excavator", "SapphireRapids"])
    func aCoreOpenBLASChoseForTheCPUIsKept(_ reported: String) {
        // Only OpenBLAS's pre-AVX fallbacks are overridden; its choices with
        // vector kernels, and names this table does not know, stand.
        #expect(Self.preferred(reported, Self.avx512) == nil)
    }

    @Test func kernelsInUseAreAtLeastWhatThisCPUSupports() throws {
        let kernels = BLASKernels.current
        #expect(String(cString: openblas_get_corename()) == kernels.core)
        let features = chorus_cpu_features_detect()
        switch kernels.choice {
        case .openBLAS:
            // Had OpenBLAS fallen back to pre-AVX kernels on a CPU with AVX2, the
            // selection would have replaced them.
            #expect(Self.preferred(kernels.core, features) == nil, "kept \(kernels.core) on a CPU supporting better")
        case .upgraded(let from):
            #expect(Self.preferred(from, features) == kernels.core)
            #expect(try #require(kernels.checkError) <= 1)
        case .user:
            #expect(getenv("OPENBLAS_CORETYPE") != nil, "user's choice reported without OPENBLAS_CORETYPE")
        case .reverted, .singleCoreBuild:
            // Debian's DYNAMIC_ARCH build, whose kernels pass the check.
            Issue.record("unexpected kernel choice: \(kernels)")
        }
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func sgemmOnTheSelectedKernelsEqualsAReferenceProduct(transposeA: Bool, transposeB: Bool) {
        // Sizes past one register block in every direction, odd so edge kernels run too.
        let (m, n, k) = (37, 29, 71)
        var generator = SplitMix64(seed: 5)
        let a = (0..<(m * k)).map { _ in Float.random(in: -1...1, using: &generator) }
        let b = (0..<(k * n)).map { _ in Float.random(in: -1...1, using: &generator) }
        var c = [Float](repeating: 0, count: m * n)
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), 1, a, Int32(transposeA ? m : k), b, Int32(transposeB ? k : n),
                    0, &c, Int32(n))
        var worst = 0.0
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0, magnitude = 0.0
                for p in 0..<k {
                    let product = Double(transposeA ? a[p * m + i] : a[i * k + p]) * Double(transposeB ? b[j * k + p] : b[p * n + j])
                    sum += product
                    magnitude += abs(product)
                }
                // Float's worst case for 71 terms in any order is 71 · 2^-24 ≈ 4.2e-6 of Σ|a·b|.
                worst = max(worst, abs(Double(c[i * n + j]) - sum) / (5e-6 * magnitude))
            }
        }
        #expect(worst <= 1, "largest error \(worst) of the bound on \(BLASKernels.current)")
    }

    /// OpenBLAS's idle threads sleep as soon as a product ends (timeout exponent 4, set before `main`)
    /// instead of spinning 0.1 s on the cores the network's own passes need, unless the user chose a timeout.
    @Test func idleOpenBLASThreadsSleepAtOnceUnlessTheUserChoseATimeout() {
        let user = ProcessInfo.processInfo.environment["OPENBLAS_THREAD_TIMEOUT"]
        #expect(chorus_openblas_thread_timeout() == user.map { Int32($0) ?? 0 } ?? 4)
    }
}
