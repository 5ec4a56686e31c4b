// swift-tools-version: 6.1
// Earshot's package-benchmark suite, kept in its own package so that `swift test` does not build it.
// Run from this folder: swift package benchmark   (or: swift package benchmark thresholds check)
import PackageDescription

let package = Package(
    name: "EarshotBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Earshot", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ClassifierBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "EarshotCore", package: "Earshot"),
                .product(name: "EarshotResources", package: "Earshot"),
            ],
            path: "Benchmarks/ClassifierBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ServingBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "EarshotCore", package: "Earshot"),
                .product(name: "EarshotResources", package: "Earshot"),
            ],
            path: "Benchmarks/ServingBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
