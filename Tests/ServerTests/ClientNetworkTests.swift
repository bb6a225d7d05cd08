import NIOCore
import XCTest

@testable import Server

/// Sign-in throttling counts an IPv6 client by its /64 (one machine usually holds a whole /64
/// and could guess from each address in it) and every other client by its address.
final class ClientNetworkTests: XCTestCase {
    func network(_ ip: String) throws -> String {
        AppRequestContext.network(of: try SocketAddress(ipAddress: ip, port: 443))
    }

    func testAnIPv6ClientCountsByItsSlash64() throws {
        let home = try network("2001:db8:1:2::1")
        XCTAssertEqual(home, "20010db800010002/64")
        for sameNetwork in ["2001:db8:1:2::ffff", "2001:db8:1:2:aaaa:bbbb:cccc:dddd"] {
            XCTAssertEqual(try network(sameNetwork), home, sameNetwork)
        }
        XCTAssertNotEqual(try network("2001:db8:1:3::1"), home, "the next /64 is another client")
    }

    func testIPv4ClientsCountByTheirAddressAlsoOnADualStackSocket() throws {
        XCTAssertEqual(try network("192.0.2.7"), "192.0.2.7")
        XCTAssertNotEqual(try network("192.0.2.8"), try network("192.0.2.7"))
        // ::ffff:a.b.c.d is one IPv4 client, not a /64 all IPv4 clients would share.
        XCTAssertNotEqual(try network("::ffff:192.0.2.7"), try network("::ffff:192.0.2.8"))
        XCTAssertFalse(try network("::ffff:192.0.2.7").hasSuffix("/64"))
        XCTAssertEqual(AppRequestContext.network(of: nil), "unknown")
    }
}
