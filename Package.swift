// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    // Lets the server specialise FlatStore's generic indexes for its record types (open time at 1M runs).
    .unsafeFlags(["-cross-module-optimization"], .when(configuration: .release)),
    // One section per function, so the linker can place the code start-up runs together
    // (tools/link-order) and drop functions nothing calls.
    .unsafeFlags(["-Xfrontend", "-function-sections"], .when(platforms: [.linux], configuration: .release)),
]

/// The store and its crash tests are optimised in debug builds too: the crash explorer opens tens of
/// thousands of stores, which unoptimised generic code makes several times slower.
let storeSwiftSettings = swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "duplistatus",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "duplistatus", targets: ["duplistatus"]),
        .library(name: "FlatStore", targets: ["FlatStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        // Already built for Hummingbird; the server names header fields of its own (cookies, CSRF).
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        // Already built for async-http-client; the server takes its binary search (partitioningIndex).
        .package(url: "https://github.com/apple/swift-algorithms.git", from: "1.2.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // Outgoing notifications: ntfy and webhooks over HTTP(S), e-mail over SMTP on NIO + NIOSSL.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        // Secrets at rest (AES-GCM with a key file in the data directory). Version 4 builds on
        // FoundationEssentials, so the server does not load Foundation and ICU (idle memory).
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        // SQLite, vendored and built into the binary, to read a Node duplistatus database.
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // zlib's CRC-32 and gzip streams, shared by FlatStore (line checksums, snapshots) and the
        // HTTP layer's compression.
        .target(name: "Zlib", dependencies: ["CZlib", "CCRC32"], swiftSettings: swiftSettings),
        // CRC-32 by carry-less multiplication where the CPU has it: zlib's values, 2.4-3.4x its speed
        // on the CI machine (tools/crc32/speed.c).
        .target(name: "CCRC32", linkerSettings: [.linkedLibrary("z")]),
        // A cache prefetch hint (Swift has none): loading a snapshot prefetches key table buckets
        // and keys a few records ahead (open time at 1M runs).
        .target(name: "CPrefetch"),
        .target(
            name: "FlatStore",
            dependencies: [
                "Zlib",
                "CPrefetch",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: storeSwiftSettings
        ),
        // Everything of the product but its entry point, so tools can link the same code the server runs.
        .target(
            name: "Server",
            dependencies: [
                "FlatStore",
                "Zlib",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Algorithms", package: "swift-algorithms"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            // The web pages' templates, styles and scripts are compiled into the binary, so it runs alone.
            resources: [.embedInCode("Web/Templates"), .embedInCode("Web/Assets")],
            swiftSettings: swiftSettings
        ),
        // The importer of a Node duplistatus SQLite database: only the CLI links it, so SQLite stays
        // out of the server's request path.
        .target(
            name: "Migration",
            dependencies: [
                "Server",
                "FlatStore",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "duplistatus",
            dependencies: ["Server", "Migration"],
            swiftSettings: swiftSettings,
            // lld packs the binary's relative relocations (DT_RELR, glibc 2.36+): the loader then
            // reads 14 KB of them at start instead of 1.5 MB, which stayed resident (idle memory).
            linkerSettings: [
                .unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"], .when(platforms: [.linux])),
                // The code start-up runs comes first in .text (tools/link-order), so the few pages an
                // idle server touches are not spread over the whole binary (idle memory).
                .unsafeFlags(
                    [
                        "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/tools/link-order/duplistatus.order",
                        "-Xlinker", "--no-warn-symbol-ordering",
                    ],
                    .when(platforms: [.linux], configuration: .release)
                ),
            ]
        ),
        .executableTarget(
            name: "bench-store",
            dependencies: ["FlatStore"],
            path: "tools/bench-store",
            exclude: ["sqlite_baseline.py"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "bench-upload",
            dependencies: ["Server", "FlatStore"],
            path: "tools/bench-upload",
            exclude: ["stages-ab.py"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "bench-http-floor",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "tools/bench-http-floor",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "gen-fleet",
            dependencies: ["Server", "FlatStore"],
            path: "tools/gen-fleet",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "store-torture",
            dependencies: ["FlatStore"],
            path: "tools/store-torture",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FlatStoreTests",
            dependencies: ["FlatStore", "Zlib", "CZlib", "store-torture", .product(name: "Logging", package: "swift-log")],
            swiftSettings: storeSwiftSettings
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server",
                "Migration",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                "FlatStore",
                "Zlib",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                // The fake Duplicati server of the collect tests speaks HTTPS with a self-signed certificate.
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
    ]
)
