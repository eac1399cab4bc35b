// swift-tools-version:6.0
// newsidx: a full-text search engine for news archives. No package dependencies (the user's rule).
import PackageDescription

let package = Package(
    name: "newsidx",
    products: [
        .executable(name: "newsidx", targets: ["newsidx"]),
        .executable(name: "newsidx-bench", targets: ["newsidx-bench"]),
        .library(name: "NewsIndex", targets: ["NewsIndex"]),
    ],
    targets: [
        // The engine: analysis, corpus reading, index format, building and searching.
        // Release builds drop the run-time exclusivity checks of the inverter's hot loops (they cost
        // a third of a build); bounds checks stay, so a damaged index still throws instead of trapping.
        .target(
            name: "NewsIndex", path: "Sources/NewsIndex", exclude: ["IndexFormat.md"],
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        // The command-line tool: argument parsing and printing only.
        // Linked with the Swift runtime inside (release builds): a search process starts in a few
        // milliseconds instead of loading the runtime's shared libraries.
        .executableTarget(
            name: "newsidx", dependencies: ["NewsIndex"], path: "Sources/newsidx",
            linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(configuration: .release))]),
        // Benchmarks of analysis, build and query (swift run -c release newsidx-bench).
        .executableTarget(name: "newsidx-bench", dependencies: ["NewsIndex"], path: "Benchmarks/newsidx-bench"),
        .testTarget(
            name: "NewsIndexTests", dependencies: ["NewsIndex"],
            path: "Tests/NewsIndexTests", resources: [.copy("Fixtures")]),
        .testTarget(
            name: "NewsIndexCLITests", dependencies: ["newsidx"],
            path: "Tests/NewsIndexCLITests"),
    ]
)
