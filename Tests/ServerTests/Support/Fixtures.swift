import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The report bodies the tests send: synthetic ones committed beside the tests, real ones read
/// from `../shared/samples` beside the checkout.
enum Fixtures {
    /// `Tests/ServerTests`.
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    /// A synthetic sample in `Tests/ServerTests/Fixtures`.
    static func url(_ name: String) -> URL {
        testsDirectory.appendingPathComponent("Fixtures/\(name)")
    }

    /// The bytes of a synthetic sample.
    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: url(name)))
    }

    /// The bytes of a real Duplicati report in `../shared/samples/duplicati-reports`.
    ///
    /// Real samples are not part of the repository; the tests need `../shared` beside the
    /// checkout (CI lays it there), and fail rather than skip without it.
    static func realSample(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> [UInt8] {
        let url = testsDirectory.appendingPathComponent("../../../shared/samples/duplicati-reports/\(name)").standardizedFileURL
        let data = try XCTUnwrap(FileManager.default.contents(atPath: url.path), "real sample \(name) is missing", file: file, line: line)
        return Array(data)
    }
}

/// A TCP port on loopback that nothing listens on right now.
enum FreePort {
    /// Asks the kernel for a free port by binding to port 0, then releases it for the caller.
    static func loopback() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
