// swift-tools-version: 6.0
//
// Chorus: federated music-genre classification with secure aggregation and
// differential privacy. The targets follow docs/DESIGN.md: C shims, then
// ML, DifferentialPrivacy, SecureAgg and Transport, then Client and Server,
// then the `chorus` command line. Dependencies point one way only.
import PackageDescription

/// A system library reached through pkg-config, with the Debian package that provides it.
func systemLibrary(_ name: String, pkgConfig: String, apt: String) -> Target {
    .systemLibrary(name: name, path: "Sources/\(name)", pkgConfig: pkgConfig, providers: [.apt([apt])])
}

/// Crash points (`ChorusSupport/Faults/CrashPoint.swift`) for the tests that kill the
/// coordinator or a participant at a chosen moment: compiled into debug builds, and into
/// release builds only when CHORUS_FAULT_INJECTION=1 is set while building (scripts/test.sh
/// sets it, as the tests run in release). A release `chorus` built without it carries none.
let faultInjection: [SwiftSetting] = Context.environment["CHORUS_FAULT_INJECTION"] == "1"
    ? [.define("CHORUS_FAULT_INJECTION")]
    : [.define("CHORUS_FAULT_INJECTION", .when(configuration: .debug))]

let package = Package(
    name: "Chorus",
    products: [
        .executable(name: "chorus", targets: ["chorus"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        // The coordinator's operational metrics: emitted through swift-metrics, served as
        // Prometheus text by `coordinator run --metrics`.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        systemLibrary("CSodium", pkgConfig: "libsodium", apt: "libsodium-dev"),
        systemLibrary("COpenSSL", pkgConfig: "openssl", apt: "libssl-dev"),
        systemLibrary("CSndfile", pkgConfig: "sndfile", apt: "libsndfile1-dev"),
        systemLibrary("CFFTW3", pkgConfig: "fftw3f", apt: "libfftw3-dev"),
        // Double precision for the PLD accountant's convolutions (same Debian package).
        systemLibrary("CFFTW3Double", pkgConfig: "fftw3", apt: "libfftw3-dev"),
        systemLibrary("COpenBLAS", pkgConfig: "openblas", apt: "libopenblas-dev"),
        // Runs before `main` in every binary that links ML: moves OpenBLAS off
        // its pre-AVX fallback kernels on CPUs it does not know (Debian 12's
        // 0.3.21 gives Prescott to newer Intel models), checked against a reference.
        .target(name: "COpenBLASKernels", dependencies: ["COpenBLAS"]),
        // Inflates the deflated members of the musicnn wheel (`chorus encoder import`).
        systemLibrary("CZlib", pkgConfig: "zlib", apt: "zlib1g-dev"),

        // Atomic files, hex, the bounded little-endian reader and writer, and the one
        // crypto layer (libsodium's initialisation, secret bytes, wiping, randomness,
        // SHA-256, Ed25519), shared by every module that writes, hashes, signs or decodes bytes.
        .target(name: "ChorusSupport", dependencies: ["CSodium"], swiftSettings: faultInjection),

        .target(name: "ML", dependencies: ["ChorusSupport", "CSndfile", "CFFTW3", "COpenBLAS", "COpenBLASKernels", "CZlib",
                                           .product(name: "Logging", package: "swift-log")]),
        .target(name: "DifferentialPrivacy", dependencies: ["ChorusSupport", "CFFTW3Double"]),
        // SecureAgg's mask PRG is OpenSSL's AES-128-CTR (AES-NI), its graph shuffle OpenSSL's ChaCha20
        // (twice libsodium's rate here: `chorus bench mask`).
        .target(name: "SecureAgg", dependencies: ["ChorusSupport", "CSodium", "COpenSSL"]),
        // A whole secure-aggregation round in one process, messages through their wire
        // encoding: the harness of SecureAgg's protocol tests and of `chorus bench secagg`.
        // Kept out of SecureAgg so the library Server and Client link carries no test harness;
        // in the `chorus` binary only Bench/SecAggBenchmark.swift imports it.
        .target(name: "SecureAggHarness", dependencies: ["SecureAgg", "ChorusSupport"]),
        // Transport runs OpenSSL over memory BIOs inside its own SwiftNIO channel
        // handler (not swift-nio-ssl, which is BoringSSL).
        .target(name: "Transport", dependencies: ["ChorusSupport", "COpenSSL",
                                                  .product(name: "Logging", package: "swift-log"),
                                                  .product(name: "NIOCore", package: "swift-nio"),
                                                  .product(name: "NIOPosix", package: "swift-nio")]),
        // Signed, hash-chained privacy reports: written by the coordinator, verified by auditors.
        .target(name: "Audit", dependencies: ["ChorusSupport", "DifferentialPrivacy", "SecureAgg"]),
        // What coordinator and participants share: frame types and limits, the signed
        // round plan, the update layout. Server and Client both build on it.
        .target(name: "Federation", dependencies: ["ChorusSupport", "ML", "DifferentialPrivacy", "SecureAgg", "Transport"]),
        .target(name: "Client", dependencies: ["Federation", "ChorusSupport", "ML", "DifferentialPrivacy", "SecureAgg",
                                               "Transport", .product(name: "Logging", package: "swift-log")],
                swiftSettings: faultInjection),
        .target(name: "Server", dependencies: ["Federation", "Audit", "ChorusSupport", "ML", "DifferentialPrivacy",
                                               "SecureAgg", "Transport", .product(name: "Logging", package: "swift-log"),
                                               .product(name: "Metrics", package: "swift-metrics")],
                swiftSettings: faultInjection),
        // A whole federation in one process over loopback TLS: `chorus simulate`,
        // `chorus bench round` and the end-to-end tests.
        .target(name: "Simulation", dependencies: ["Server", "Client", "Federation", "ChorusSupport", "ML",
                                                   "SecureAgg", "Transport",
                                                   .product(name: "Logging", package: "swift-log")]),
        .executableTarget(name: "chorus", dependencies: [
            "Server", "Client", "Simulation", "Federation", "Audit", "ChorusSupport", "ML", "DifferentialPrivacy", "SecureAgg", "Transport",
            "SecureAggHarness",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),

        .target(name: "TestSupport", dependencies: ["Audit", "ChorusSupport", "DifferentialPrivacy", "SecureAgg"],
                path: "Tests/TestSupport"),
        .testTarget(name: "ChorusSupportTests", dependencies: ["ChorusSupport", "TestSupport"]),
        .testTarget(name: "MLTests", dependencies: ["ML", "ChorusSupport", "TestSupport", "CSndfile", "CFFTW3", "COpenBLAS",
                                                   "COpenBLASKernels",
                                                   .product(name: "Logging", package: "swift-log")],
                    resources: [.copy("Resources")]),
        .testTarget(name: "DifferentialPrivacyTests", dependencies: ["DifferentialPrivacy", "TestSupport"]),
        .testTarget(name: "SecureAggTests", dependencies: ["SecureAgg", "SecureAggHarness", "ChorusSupport", "TestSupport", "CSodium"]),
        .testTarget(name: "AuditTests", dependencies: ["Audit", "ChorusSupport", "DifferentialPrivacy", "SecureAgg", "TestSupport"]),
        .testTarget(name: "TransportTests", dependencies: ["Transport", "ChorusSupport", "TestSupport", "COpenSSL",
                                                          .product(name: "NIOCore", package: "swift-nio"),
                                                          .product(name: "Logging", package: "swift-log"),
                                                          .product(name: "InMemoryLogging", package: "swift-log")]),
        .testTarget(name: "FederationTests", dependencies: ["Federation", "ML", "DifferentialPrivacy", "SecureAgg",
                                                           "ChorusSupport", "TestSupport"]),
        .testTarget(name: "ServerTests", dependencies: ["Server", "Simulation", "Client", "Federation", "Audit", "ML", "DifferentialPrivacy",
                                                       "SecureAgg", "Transport", "TestSupport",
                                                       .product(name: "Logging", package: "swift-log")],
                    swiftSettings: faultInjection),
        .testTarget(name: "ClientTests", dependencies: ["Client", "Federation", "ML", "DifferentialPrivacy",
                                                       "SecureAgg", "ChorusSupport", "Transport", "TestSupport",
                                                       .product(name: "Logging", package: "swift-log")]),
        // Federation, ML and Simulation: the multi-host test sizes its traffic from the small model.
        .testTarget(name: "chorusTests", dependencies: ["chorus", "Federation", "ML", "Simulation", "TestSupport"]),
    ]
)

// libFuzzer targets (FuzzTesting/, see scripts/fuzz.sh): declared only when
// CHORUS_FUZZ=1, because they link libFuzzer and build only with
// `-sanitize=fuzzer`. They sit in this package so they can reach the
// `package` decoders (model file, feature cache) that the public API wraps in file I/O.
if Context.environment["CHORUS_FUZZ"] == "1" {
    let fuzzers: [(name: String, dependencies: [Target.Dependency])] = [
        ("FuzzFramer", ["Transport", .product(name: "NIOCore", package: "swift-nio")]),
        ("FuzzSecureAggMessages", ["ChorusSupport", "SecureAgg"]),
        ("FuzzFederationMessages", ["ChorusSupport", "Federation", "DifferentialPrivacy", "ML", "SecureAgg"]),
        ("FuzzModelFile", ["ML"]),
        ("FuzzFeatureCache", ["ML"]),
        ("FuzzReportVerifier", ["Audit", "TestSupport"]),
    ]
    package.targets.append(.target(name: "CFuzzerDriver", path: "FuzzTesting/Sources/CFuzzerDriver"))
    package.targets.append(.target(name: "FuzzSupport", dependencies: ["CFuzzerDriver"], path: "FuzzTesting/Sources/FuzzSupport"))
    for fuzzer in fuzzers {
        package.targets.append(.executableTarget(name: fuzzer.name, dependencies: ["FuzzSupport"] + fuzzer.dependencies,
                                                 path: "FuzzTesting/Sources/\(fuzzer.name)"))
    }
}
