import Foundation
import XCTest

@testable import FlatStore

/// Putting a restored store in place of the data directory (`FlatStore.replaceDirectory`), cut
/// after each of its steps as a crash would: after the next start's repair the data directory
/// opens as one whole store, old or new, never a mix, and the other one is kept whole beside it.
final class DirectoryReplacementTests: XCTestCase {
    func testACrashAfterAnyStepLeavesOneWholeStoreInPlaceAndTheOtherBeside() async throws {
        // Where directories can be exchanged atomically: the exchange, then naming the old store.
        try await checkEveryCut(label: "exchange") { path, staging, previous in
            [
                { XCTAssertTrue(try PosixFileSystem.exchangeDirectories(staging, path), "this file system cannot exchange") },
                { try PosixFileSystem.renameDirectory(staging, to: previous) },
            ]
        }
        // Elsewhere: three renames, the third finished at the next start if a crash cuts before it.
        try await checkEveryCut(label: "renames") { path, staging, previous in
            FlatStore.renamingSteps(path, with: staging, keepingPreviousAs: previous)
        }
    }

    func testReplaceDirectoryKeepsThePreviousStore() async throws {
        let root = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await makeStore(root + "/data", prefix: "old")
        try await makeStore(root + "/staging", prefix: "new")
        try FlatStore.replaceDirectory(root + "/data", with: root + "/staging", keepingPreviousAs: root + "/data.before")
        XCTAssertEqual(try notes(root + "/data"), "new")
        XCTAssertEqual(try notes(root + "/data.before"), "old")
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/staging"))
    }

    private typealias Steps = (_ path: String, _ staging: String, _ previous: String) -> [() throws -> Void]

    private func checkEveryCut(label: String, _ steps: Steps) async throws {
        let count = steps("", "", "").count
        for cut in 0...count {
            let root = temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: root) }
            let path = root + "/data"
            let staging = root + "/data.restoring"
            let previous = root + "/data.before"
            try await makeStore(path, prefix: "old")
            try await makeStore(staging, prefix: "new")
            for step in steps(path, staging, previous).prefix(cut) { try step() }

            // The next start.
            try FlatStore.completeInterruptedReplacement(path)
            let inPlace = try notes(path)
            let beside = try [staging, previous, path + ".incoming"].filter { FileManager.default.fileExists(atPath: $0) }.map(notes)
            XCTAssertEqual(Set([inPlace] + beside), ["old", "new"], "\(label), cut after \(cut) steps: \(inPlace) in place, \(beside) beside")
            XCTAssertEqual(beside.count, 1, "\(label), cut after \(cut) steps")
            if cut == count {
                XCTAssertEqual(inPlace, "new", label)
                XCTAssertEqual(try notes(previous), "old", label)
            }
        }
    }

    /// A store of ten notes whose ids start with `prefix`.
    private func makeStore(_ directory: String, prefix: String) async throws {
        let store = try FlatStore.open(testOptions(directory), schema: .notes)
        for index in 0..<10 {
            try await store.put(Note(id: "\(prefix)-\(index)", group: prefix, time: Int64(index), text: prefix))
        }
        await store.close()
    }

    /// The one prefix of every note in the store at `directory`, which must hold all ten and
    /// pass `verify`.
    private func notes(_ directory: String) throws -> String {
        let store = try FlatStore.open(testOptions(directory), schema: .notes)
        defer { store.closeBlocking() }
        let all = store.read { $0.all(Note.self) }
        let groups = Set(all.map(\.summary.group))
        XCTAssertEqual(all.count, 10, directory)
        XCTAssertEqual(groups.count, 1, "\(directory) mixes stores: \(groups)")
        return groups.first ?? ""
    }
}
