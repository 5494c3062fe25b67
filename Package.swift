// swift-tools-version: 6.0
//
// Chorus: federated music-genre classification with secure aggregation and
// differential privacy. The targets follow ../shared/DESIGN.md: C shims, then
// ML, DifferentialPrivacy, SecureAgg and Transport, then Client and Server,
// then the `chorus` command line. Dependencies point one way only.
import PackageDescription

/// A system library reached through pkg-config, with the Debian package that provides it.
func systemLibrary(_ name: String, pkgConfig: String, apt: String) -> Target {
    .systemLibrary(name: name, path: "Sources/\(name)", pkgConfig: pkgConfig, providers: [.apt([apt])])
}

let package = Package(
    name: "Chorus",
    products: [
        .executable(name: "chorus", targets: ["chorus"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        systemLibrary("CSodium", pkgConfig: "libsodium", apt: "libsodium-dev"),
        systemLibrary("COpenSSL", pkgConfig: "openssl", apt: "libssl-dev"),
        systemLibrary("CSndfile", pkgConfig: "sndfile", apt: "libsndfile1-dev"),
        systemLibrary("CFFTW3", pkgConfig: "fftw3f", apt: "libfftw3-dev"),
        systemLibrary("COpenBLAS", pkgConfig: "openblas", apt: "libopenblas-dev"),

        // ML uses libsodium only for SHA-256 checksums of model and feature files.
        .target(name: "ML", dependencies: ["CSndfile", "CFFTW3", "COpenBLAS", "CSodium",
                                           .product(name: "Logging", package: "swift-log")]),
        .target(name: "DifferentialPrivacy", dependencies: ["CSodium"]),
        .target(name: "SecureAgg", dependencies: ["CSodium"]),
        .target(name: "Transport", dependencies: ["COpenSSL", .product(name: "Logging", package: "swift-log")]),
        .target(name: "Client", dependencies: ["ML", "DifferentialPrivacy", "SecureAgg", "Transport",
                                               .product(name: "Logging", package: "swift-log")]),
        .target(name: "Server", dependencies: ["ML", "DifferentialPrivacy", "SecureAgg", "Transport",
                                               .product(name: "Logging", package: "swift-log")]),
        .executableTarget(name: "chorus", dependencies: [
            "Server", "Client", "ML", "DifferentialPrivacy", "SecureAgg", "Transport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        .target(name: "TestSupport", dependencies: ["ML"], path: "Tests/TestSupport"),
        .testTarget(name: "MLTests", dependencies: ["ML", "TestSupport", "CSndfile", "CFFTW3", "COpenBLAS",
                                                   .product(name: "Logging", package: "swift-log")],
                    resources: [.copy("Resources")]),
        .testTarget(name: "SecureAggTests", dependencies: ["SecureAgg", "TestSupport", "CSodium"]),
        .testTarget(name: "TransportTests", dependencies: ["Transport", "TestSupport", "COpenSSL"]),
        .testTarget(name: "chorusTests", dependencies: ["chorus", "TestSupport"]),
    ]
)
