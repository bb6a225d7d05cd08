import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// A small fleet with hand-computed figures, relative to `now` (whole seconds, so exact):
///
/// - alpha (`srv-a`): Files at now−49h Success, now−25h Warning, now−1h Success (next expected
///   now+23h); Databases at now−72h Error (overdue by 48h).
/// - "beta box" (id derived from the name): Home at now−72h Success (overdue by 48h).
/// - gamma (`srv-c`): Docs at now−30min Warning.
struct ReadFleet {
    static let hour: Int64 = 3_600_000
    let now: Int64
    let files1, files2, files3, databases, home, docs: GenericRun

    /// The fleet around the current time.
    init(now: Int64 = Int64(Date().timeIntervalSince1970) * 1000) {
        self.now = now
        let h = Self.hour
        files1 = GenericRun(
            serverName: "alpha",
            serverId: "srv-a",
            backup: "Files",
            status: "success",
            begin: now - 49 * h,
            duration: 60,
            size: 1000,
            storage: 500,
            uploaded: 100,
            versions: 1,
            files: 10
        )
        files2 = GenericRun(
            serverName: "alpha",
            serverId: "srv-a",
            backup: "Files",
            status: "WARNING",
            begin: now - 25 * h,
            duration: 120,
            size: 1100,
            storage: 550,
            uploaded: 200,
            versions: 2,
            files: 11,
            messages: [("warning", "Disk is slow")]
        )
        files3 = GenericRun(
            serverName: "alpha",
            serverId: "srv-a",
            backup: "Files",
            status: "Success",
            begin: now - h,
            duration: 180,
            size: 1200,
            storage: 600,
            uploaded: 300,
            versions: 3,
            files: 12,
            messages: [("info", "Backup started"), ("info", "Backup completed")]
        )
        databases = GenericRun(
            serverName: "alpha",
            serverId: "srv-a",
            backup: "Databases",
            status: "error",
            begin: now - 72 * h,
            duration: 30,
            size: 400,
            storage: 300,
            uploaded: 50,
            versions: 5,
            files: 4,
            messages: [("error", "Access denied")]
        )
        home = GenericRun(
            serverName: "beta box",
            backup: "Home",
            status: "success",
            begin: now - 72 * h,
            duration: 10,
            size: 100,
            storage: 80,
            uploaded: 10,
            versions: 7,
            files: 1
        )
        docs = GenericRun(
            serverName: "gamma",
            serverId: "srv-c",
            backup: "Docs",
            status: "warning",
            begin: now - h / 2,
            duration: 60,
            size: 50,
            storage: 20,
            uploaded: 5,
            versions: 1,
            files: 2
        )
    }

    /// Every run, in upload order (deliberately not time order).
    var runs: [GenericRun] { [files3, databases, files1, home, docs, files2] }

    /// The id derived for "beta box".
    var betaId: String { RunIdentity.derivedServerId(name: "beta box") }

    /// Uploads every run through `POST /api/upload`, checking each is stored.
    func upload(to client: some TestClientProtocol) async throws {
        for run in runs {
            try await client.execute(
                uri: "/api/upload",
                method: .post,
                headers: [.contentType: "application/json"],
                body: run.body
            ) { response in
                XCTAssertEqual(response.status, .created, String(buffer: response.body))
            }
        }
        // The single-run jobs get their schedule confirmed as the defaults (1 day from the first
        // run), as a person would; Files has enough history for its interval to be inferred.
        let confirm =
            #"{"srv-a:Databases":{"expectedInterval":"1D"},"srv-c:Docs":{"expectedInterval":"1D"},"\#(betaId):Home":{"expectedInterval":"1D"}}"#
        try await client.execute(
            uri: "/api/configuration/backup-settings",
            method: .post,
            headers: [.contentType: "application/json"],
            body: ByteBuffer(string: confirm)
        ) { response in
            XCTAssertEqual(response.status, .ok, String(buffer: response.body))
        }
    }

    /// `epochMs` as the API writes it.
    static func iso(_ epochMs: Int64) -> String { ReportTimestamp.isoString(epochMilliseconds: epochMs) }
}
