// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Sluice",
    products: [
        .executable(name: "sluice", targets: ["sluice"]),
        .executable(name: "sluice-kernel", targets: ["sluice-kernel"]),
        .library(name: "SluiceData", targets: ["SluiceData"]),
        .library(name: "SluiceML", targets: ["SluiceML"]),
        .library(name: "SluiceLang", targets: ["SluiceLang"]),
        .library(name: "SluiceServe", targets: ["SluiceServe"]),
        .library(name: "JupyterKernel", targets: ["JupyterKernel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // data: bytes at a location (local files, s3:// with SigV4), then tables, columns, CSV
        .target(
            name: "SluiceStorage",
            dependencies: [
                "CZlib",
                "SluiceDigest",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // OpenSSL's libcrypto from Debian, for SHA-256 and HMAC (SigV4, Jupyter's message signatures), and its Swift face
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "SluiceDigest", dependencies: ["CCrypto"]),
        // zlib from Debian, for .gz files (inflateInit2/deflateInit2 are macros: a two-function shim)
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "SluiceData", dependencies: ["SluiceStorage"]),
        // engine: recipes, estimators, metrics, model bundles and the model store
        .target(name: "SluiceML", dependencies: ["SluiceStorage", "SluiceData", "CSluicePrefetch"]),
        // experiment tracking: the store's log of runs, the runs table, MLflow's REST API
        .target(
            name: "SluiceTracking",
            dependencies: [
                "SluiceStorage",
                "SluiceData",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // distributed jobs: the collective over Open MPI (loaded at run time, so `sluice` runs without it)
        .target(name: "SluiceCluster", dependencies: ["SluiceStorage", "SluiceData", "SluiceML", "SluiceServe"]),
        // a cache prefetch hint for the engine's hot loops (Swift has no intrinsic for it)
        .target(name: "CSluicePrefetch"),
        // glibc's malloc_trim, for measuring a statement's memory (not in Swift's Glibc module)
        .target(name: "CSluiceMemory"),
        // services: endpoints (/ping, /invocations, /metrics), batch transform, data capture, model monitor
        .target(
            name: "SluiceServe",
            dependencies: [
                "SluiceStorage",
                "SluiceData",
                "SluiceML",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                // the channel handler that times out slow clients sits in the server's NIO pipeline
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ]
        ),
        // view: values -> MIME bundles (text/plain, text/html, image/svg+xml)
        .target(name: "SluiceDisplay", dependencies: ["SluiceData", "SluiceML", "SluiceTracking", "SluiceServe"]),
        // front: lexer, parser, interpreter, completeness
        .target(name: "SluiceLang", dependencies: ["SluiceStorage", "SluiceData", "SluiceML", "SluiceTracking", "SluiceCluster", "SluiceServe",
                                                   "SluiceDisplay"]),
        // transport: libzmq through the system library, and the Jupyter wire protocol
        .systemLibrary(
            name: "CZeroMQ",
            pkgConfig: "libzmq",
            providers: [.apt(["libzmq3-dev"])]
        ),
        .target(
            name: "JupyterKernel",
            dependencies: [
                "CZeroMQ",
                "SluiceDigest",
            ]
        ),
        // the REPL: line editor, history, the loop and a terminal sink; and script runs
        .target(name: "SluiceREPL", dependencies: ["SluiceLang", "SluiceDisplay", "CSluiceMemory"]),
        // the Sluice interpreter as a Jupyter kernel: the interpreter adapter, its identity, the kernelspec
        .target(name: "SluiceJupyter", dependencies: ["JupyterKernel", "SluiceLang", "SluiceDisplay"]),
        // executables: thin wiring
        .executableTarget(
            name: "sluice",
            dependencies: [
                "SluiceStorage",
                "SluiceCluster",
                "SluiceData",
                "SluiceML",
                "SluiceDisplay",
                "SluiceLang",
                "SluiceREPL",
                "SluiceServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "sluice-kernel",
            dependencies: [
                "SluiceJupyter",
                "SluiceLang",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "SluiceDataTests", dependencies: ["SluiceData"]),
        .testTarget(name: "SluiceMLTests", dependencies: ["SluiceML", "SluiceData"], exclude: ["Golden"]),
        .testTarget(name: "SluiceDisplayTests", dependencies: ["SluiceDisplay", "SluiceServe", "SluiceML", "SluiceData"]),
        .testTarget(name: "SluiceLangTests", dependencies: ["SluiceLang", "SluiceDisplay", "SluiceML", "SluiceData"],
                    exclude: ["Golden"]),
        .testTarget(name: "SluiceServeTests", dependencies: ["SluiceServe", "SluiceML", "SluiceData", "SluiceStorage"]),
        .testTarget(name: "SluiceTrackingTests", dependencies: ["SluiceTracking", "SluiceData", "SluiceStorage"]),
        .testTarget(name: "JupyterKernelTests", dependencies: ["JupyterKernel"]),
        .testTarget(name: "SluiceStorageTests", dependencies: ["SluiceStorage", "SluiceDigest"], exclude: ["Vectors"]),
    ]
)
