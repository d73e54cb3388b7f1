// swift-tools-version:6.0
// Allot: a work distribution engine. The target list below shows the layers:
// C system libraries, the generated wire codec, the engine core, and the
// executables over them. Dependencies point one way, towards AllotCore.
import PackageDescription

let package = Package(
    name: "Allot",
    products: [
        .library(name: "AllotCore", targets: ["AllotCore"]),
        .library(name: "AllotWire", targets: ["AllotWire"]),
        .library(name: "AllotServer", targets: ["AllotServer"]),
        .library(name: "AllotClient", targets: ["AllotClient"]),
        .library(name: "AllotPersistence", targets: ["AllotPersistence"]),
        .executable(name: "allot-server", targets: ["AllotServerMain"]),
        .executable(name: "allot", targets: ["AllotCLI"]),
        .executable(name: "allot-benchmarks", targets: ["AllotBenchmarks"]),
        .executable(name: "allot-bench", targets: ["AllotBench"]),
    ],
    targets: [
        // C libraries from Debian packages, one system-library target each.
        .systemLibrary(
            name: "CProtobufC",
            pkgConfig: "libprotobuf-c",
            providers: [.apt(["libprotobuf-c-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(name: "CEpoll"),

        // protoc-c output for proto/allot.proto, committed; tools/gen-proto regenerates it.
        .target(
            name: "AllotWireC",
            dependencies: ["CProtobufC"],
            cSettings: [.unsafeFlags(["-Wno-unused-parameter"])]
        ),

        // The engine: attribute values, expressions, model, index, queues, matcher.
        // No sockets, files, threads or clock reads.
        .target(name: "AllotCore"),

        // Journal and snapshot files: formats, writers, readers and recovery.
        // Payloads are opaque bytes, so storage does not depend on the engine.
        .target(name: "AllotStorage", dependencies: ["CZlib"]),

        // The engine's journal entries and snapshot bodies in the records of
        // proto/storage.proto, and DurableEngine, which journals every
        // mutation and writes snapshots through AllotStorage.
        .target(name: "AllotPersistence", dependencies: ["AllotCore", "AllotWire", "AllotStorage"]),

        // Framing, compression and the Swift wire model over protoc-c's codec.
        .target(name: "AllotWire", dependencies: ["AllotWireC", "CZlib"]),

        // Event loops, connections, authentication, dispatch into the engine,
        // event push, logs and metrics.
        .target(name: "AllotServer", dependencies: ["AllotCore", "AllotWire", "AllotPersistence", "AllotStorage", "CEpoll"]),
        .executableTarget(name: "AllotServerMain", dependencies: ["AllotCore", "AllotServer", "AllotPersistence", "AllotStorage"]),

        // The Swift SDK: pipelined calls, typed errors, resumable event streams.
        .target(name: "AllotClient", dependencies: ["AllotWire"]),

        .executableTarget(name: "AllotCLI", dependencies: ["AllotCore", "AllotClient", "AllotPersistence", "AllotServer", "AllotStorage"]),
        // The load tool: drives a running server through the SDK with
        // scenarios and reports latency percentiles and operator figures.
        .executableTarget(name: "AllotBench", dependencies: ["AllotClient", "AllotCore", "AllotWire"]),
        .executableTarget(
            name: "AllotBenchmarks",
            dependencies: ["AllotCore", "AllotWire", "AllotPersistence"],
            path: "Benchmarks/AllotBenchmarks"
        ),

        // Starts the built allot-server as a process for the tests that need a real
        // one, and gives the tests a seeded random generator.
        .target(name: "AllotTestSupport", path: "Tests/AllotTestSupport"),
        .testTarget(
            name: "AllotCoreTests",
            dependencies: ["AllotCore"],
            resources: [.copy("Conformance")]
        ),
        // Runs the built `allot` binary as a process; depending on the
        // executable target makes `swift test` build it first. RealConfigs
        // contains workspace files that the tests apply from the source tree.
        .testTarget(name: "AllotCLITests", dependencies: ["AllotCLI", "AllotClient", "AllotServerMain", "AllotTestSupport"], exclude: ["RealConfigs"]),
        // Runs the SDK against allot-server started as a separate process.
        .testTarget(name: "AllotClientTests", dependencies: ["AllotClient", "AllotWire", "AllotServerMain", "AllotTestSupport"]),
        // Runs allot-bench's scenarios against allot-server started as a
        // process; the scenarios apply workspace files with the allot binary.
        .testTarget(name: "AllotBenchTests", dependencies: ["AllotBench", "AllotClient", "AllotCLI", "AllotServerMain", "AllotTestSupport"]),
        .testTarget(name: "AllotStorageTests", dependencies: ["AllotStorage"]),
        .testTarget(name: "AllotPersistenceTests", dependencies: ["AllotPersistence", "AllotCore", "AllotWire", "AllotStorage", "AllotTestSupport"]),
        .testTarget(name: "AllotWireTests", dependencies: ["AllotWire"]),
        // Depends on the executable so that `swift test` builds allot-server,
        // which the tests start as a separate process.
        .testTarget(name: "AllotServerTests", dependencies: ["AllotServer", "AllotCore", "AllotWire", "AllotServerMain", "AllotTestSupport"]),
    ]
)
