import FlatStore
import Foundation
import XCTest

@testable import Server

/// The data directory and configuration every server test runs on.
enum TestDataDirectory {
    /// A fresh, not yet existing data directory, removed when `test` ends.
    static func make(_ label: String, for test: XCTestCase) -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("duplistatus-\(label)-\(UUID().uuidString)").path
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: directory) }
        return directory
    }

    /// A quiet configuration on `directory`, on a port the kernel picks.
    static func config(_ directory: String, fsync: FsyncPolicy = .none) -> AppConfiguration {
        AppConfiguration(host: "127.0.0.1", port: 0, dataDirectory: directory, fsync: fsync, logLevel: .error)
    }
}
