// swift-tools-version: 6.1
import Foundation
import PackageDescription

// The classifier's hot loops (int8 rows widened to float, eight-lane sums) may use AVX2 and FMA on x86-64:
// whole-process classification is about a sixth faster than with the baseline x86-64 instruction set (see
// BENCHMARKS.md). Any x86-64 processor since 2013 has them. `EARSHOT_PORTABLE=1 swift build` builds for
// every x86-64 processor instead (after a change of the variable, add `--manifest-cache none` once).
#if arch(x86_64)
let coreSettings: [SwiftSetting] = ProcessInfo.processInfo.environment["EARSHOT_PORTABLE"] == nil
    ? [.unsafeFlags(["-target-cpu", "haswell"])] : []
#else
let coreSettings: [SwiftSetting] = []
#endif

let package = Package(
    name: "Earshot",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "earshot", targets: ["earshot"]),
        .library(name: "EarshotCore", targets: ["EarshotCore"]),
        .library(name: "EarshotStore", targets: ["EarshotStore"]),
        .library(name: "EarshotResources", targets: ["EarshotResources"]),
        .library(name: "EarshotEngine", targets: ["EarshotEngine"]),
        .library(name: "EarshotServer", targets: ["EarshotServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // Pure domain: types, taxonomy, classifier, policy, profiles, ranking. No I/O.
        .target(name: "EarshotCore", swiftSettings: coreSettings),
        // Shipped data (taxonomy, lexicons, model) and the code that loads it. The lexicons are also
        // compiled at build time (parsed, tries built) so that a process starts without parsing them.
        .target(
            name: "EarshotResources",
            dependencies: ["EarshotCore", "EarshotResourceFiles"],
            resources: [.copy("Resources")],
            plugins: ["CompileLexicons"]
        ),
        // Reads the data files from a resources folder: shared by the loader and the lexicon compiler.
        .target(name: "EarshotResourceFiles", dependencies: ["EarshotCore"]),
        .executableTarget(name: "EarshotLexiconCompiler", dependencies: ["EarshotCore", "EarshotResourceFiles"]),
        .plugin(name: "CompileLexicons", capability: .buildTool(), dependencies: ["EarshotLexiconCompiler"]),
        // The Store protocol, the in-memory store and the SQLite store.
        .target(
            name: "EarshotStore",
            dependencies: [
                "EarshotCore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // The pipeline that wires core and store together (no HTTP).
        .target(
            name: "EarshotEngine",
            dependencies: ["EarshotCore", "EarshotStore", "EarshotResources",
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "Metrics", package: "swift-metrics")]
        ),
        .target(
            name: "EarshotServer",
            dependencies: [
                "EarshotCore", "EarshotStore", "EarshotEngine",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .executableTarget(
            name: "earshot",
            dependencies: [
                "EarshotCore", "EarshotStore", "EarshotEngine", "EarshotServer", "EarshotResources",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "EarshotCoreTests", dependencies: ["EarshotCore", "EarshotResources"]),
        .testTarget(name: "EarshotStoreTests", dependencies: ["EarshotCore", "EarshotStore"]),
        .testTarget(
            name: "EarshotServerTests",
            dependencies: [
                "EarshotServer", "EarshotEngine", "EarshotStore", "EarshotCore", "EarshotResources",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
