import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import XCTest

/// Decodable mirrors of the API's JSON (api.md), so tests read typed fields instead of casting
/// `[String: Any]`. Each mirrors one view of `Sources/Server/API/Models`.
enum API {
    /// Every response body (api.md §1).
    struct Envelope<Payload: Decodable>: Decodable {
        var status: String
        var error: String?
        var data: Payload?
        var message: String?
        var details: [String: Detail]?
    }

    /// A value of an error's `details`.
    enum Detail: Decodable, Equatable {
        case text(String)
        case number(Int)
        case list([String])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .text(text)
            } else if let number = try? container.decode(Int.self) {
                self = .number(number)
            } else {
                self = .list(try container.decode([String].self))
            }
        }
    }

    /// The names of an object's members, for checks of a response's shape.
    struct Keys: Decodable {
        var names: Set<String>

        private struct Name: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            names = Set(try decoder.container(keyedBy: Name.self).allKeys.map(\.stringValue))
        }
    }

    /// `BackupRun`.
    struct BackupRun: Decodable {
        struct Backend: Decodable {
            var bytesDownloaded, filesUploaded, filesDownloaded, filesDeleted, remoteCalls, retryAttempts, knownFileCount: Int64
            var lastBackupDate: String?
            var quotaTotal, quotaFree: Int64
            var reportedQuotaError, reportedQuotaWarning: Bool
        }
        var id, serverId, serverName, backupName, status, beginTime, endTime, duration: String
        var duplicatiBackupId: String?
        var durationSeconds: Double
        var fileCount, fileSize, uploadedSize, storageSize, versions, warnings, errors, messages: Int64
        var availableVersions: [String]
        var files: [String: Int64]
        var backend: Backend
        var interrupted, partialBackup, dryrun: Bool
        var duplicatiVersion: String?
    }

    /// A run with its logs (`GET /api/backups/:backupId`).
    struct BackupRunDetail: Decodable {
        struct Logs: Decodable {
            struct PerLevel<Value: Decodable & Equatable>: Decodable, Equatable {
                var messages, warnings, errors: Value
            }
            var messages, warnings, errors: [String]
            var truncated: PerLevel<Bool>
            var reported: PerLevel<Int64>
        }
        var run: BackupRun
        var logs: Logs

        private enum CodingKeys: String, CodingKey { case logs }

        init(from decoder: any Decoder) throws {
            run = try BackupRun(from: decoder)
            logs = try decoder.container(keyedBy: CodingKeys.self).decode(Logs.self, forKey: .logs)
        }
    }

    /// `ServerRef`.
    struct ServerRef: Decodable, Equatable {
        var id, name, alias, note: String
    }

    /// `JobStatus`.
    struct JobStatus: Decodable {
        var name, lastBackupId, status, lastBackup, expectedBackupAt, notificationEvent: String
        var durationSeconds: Double
        var fileCount, fileSize, storageSize, uploadedSize: Int64
        var versions, warnings, errors, runCount: Int
        var recentStatuses: [String]
        var overdue: Bool
    }

    /// `Server` of the list, with `backups` when asked for.
    struct ServerStatus: Decodable {
        var id, name, alias, note, serverUrl, lastSeen, overallStatus: String
        var backupCount, runCount: Int
        var hasPassword: Bool
        var backups: [JobStatus]?
    }

    /// A server's `statistics`.
    struct Statistics: Decodable, Equatable {
        var totalBackupRuns, successfulBackups, failedBackups: Int
        var successRate, averageDurationSeconds: Double
        var totalUploadedSize, lastBackupSize, totalStorageUsed, availableVersions: Int64
    }

    /// `GET /api/servers/:serverId`.
    struct ServerDetail: Decodable {
        var server: ServerStatus
        var statistics: Statistics
        var chartData: [ChartPoint]?

        private enum CodingKeys: String, CodingKey { case statistics, chartData }

        init(from decoder: any Decoder) throws {
            server = try ServerStatus(from: decoder)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            statistics = try container.decode(Statistics.self, forKey: .statistics)
            chartData = try container.decodeIfPresent([ChartPoint].self, forKey: .chartData)
        }
    }

    /// `GET /api/summary`.
    struct FleetSummary: Decodable {
        var totalServers, totalBackupJobs, totalBackupRuns, successfulBackups, warningBackups, failedBackups, overdueBackups: Int
        var totalBackupSize, totalStorageUsed, totalUploadedSize: Int64
        var secondsSinceLastBackup: Int64?
        var lastBackupTime: String?
        var lastUpdated: String
    }

    /// A server of the dashboard.
    struct DashboardServer: Decodable {
        var id, name, alias, note, lastSeen, overallStatus: String
        var backups: [JobStatus]
    }

    /// `GET /api/dashboard`.
    struct Dashboard: Decodable {
        var summary: FleetSummary
        var servers: [DashboardServer]
        var lastUpdated: String
    }

    /// `GET /api/lastbackup/:serverId`.
    struct LastBackup: Decodable {
        var server: ServerRef
        var lastBackup: BackupRun?
    }

    /// `GET /api/lastbackups/:serverId`.
    struct LastBackups: Decodable {
        var server: ServerRef
        var backups: [BackupRun]
        var backupJobsCount: Int
        var backupNames: [String]
        var lastUpdated: String
    }

    /// `GET /api/servers/:serverId/backups`.
    struct RunHistoryPage: Decodable {
        var total, page, pageSize: Int
        var items: [BackupRun]
    }

    /// One point of a chart series.
    struct ChartPoint: Decodable, Equatable {
        var date, isoDate: String
        var uploadedSize, fileCount, fileSize, storageSize, backupVersions: Int64
        var durationMinutes, durationSeconds: Double
        var runs: Int
    }

    /// `GET /api/detail/:serverId`.
    struct OverdueDetail: Decodable {
        struct Job: Decodable {
            var job: JobStatus
            var overdueInfo: OverdueInfo

            private enum CodingKeys: String, CodingKey { case overdueInfo }

            init(from decoder: any Decoder) throws {
                job = try JobStatus(from: decoder)
                overdueInfo = try decoder.container(keyedBy: CodingKeys.self).decode(OverdueInfo.self, forKey: .overdueInfo)
            }
        }
        struct OverdueInfo: Decodable {
            var isOverdue: Bool
            var expectedTime: String
            var toleranceSeconds, overdueSeconds: Int64
            var lastNotificationSent: String?
            var recommendations: [String]
        }
        struct Summary: Decodable, Equatable {
            var totalOverdue: Int
            var averageOverdueSeconds: Int64
        }
        var server: ServerStatus
        var backups: [Job]
        var overdueSummary: Summary
        var lastOverdueCheck: String
    }

    /// What `POST /api/upload` answers.
    struct UploadReceipt: Decodable {
        var backupId: String?
        var serverId, serverName, backupName, status: String?
        var duplicate, ignored: Bool?
        var operation: String?
    }

    /// `DELETE /api/backups/:backupId`.
    struct DeletedRun: Decodable {
        struct Ref: Decodable {
            var id, serverId, serverName, backupName, beginTime, status: String
        }
        var deleted: Ref
    }

    /// `DELETE|POST /api/backups/delete-job`.
    struct DeletedJob: Decodable, Equatable {
        var deletedRuns: Int
        var serverName, backupName: String
    }

    /// `POST /api/backups/cleanup`.
    struct Cleanup: Decodable, Equatable {
        var deletedRuns, deletedServers: Int
    }

    /// `GET /api/admin/system/info`, the fields tests read.
    struct SystemInfo: Decodable {
        struct Application: Decodable {
            var name, version, swiftVersion, platform, arch, startTime: String
            var pid, uptimeSeconds: Int
        }
        struct System: Decodable {
            struct Memory: Decodable { var total, free: UInt64? }
            struct Disk: Decodable { var total, free: UInt64? }
            var load: [Double]
            var memory: Memory
            var disk: Disk
        }
        struct Store: Decodable {
            struct File: Decodable {
                var name: String
                var bytes: UInt64
            }
            var dataDir, fsyncPolicy: String
            var files: [File]
            var runs, servers: Int
            var writable: Bool
        }
        struct Services: Decodable {
            struct Web: Decodable { var port: Int }
            struct Scheduler: Decodable { var running: Bool }
            var web: Web
            var scheduler: Scheduler
        }
        var application: Application
        var system: System
        var store: Store
        var services: Services
    }

    /// A group of `GET /api/servers/duplicates`.
    struct DuplicateGroup: Decodable {
        struct Member: Decodable {
            var id, name, alias, note, lastSeen: String
            var runCount: Int
        }
        var name: String
        var servers: [Member]
    }

    /// `GET /api/metrics`.
    struct Metrics: Decodable {
        struct System: Decodable {
            struct Memory: Decodable { var rss: Int64? }
            struct Disk: Decodable { var free, total: UInt64? }
            var uptimeSeconds: Int
            var memory: Memory
            var load: [Double]
            var disk: Disk
        }
        struct Requests: Decodable, Equatable {
            var total, errors, perMinute: Int
        }
        struct Application: Decodable {
            var version, startTime: String
            var requests: Requests
        }
        struct Store: Decodable {
            var runs, servers, compactions: Int
            var logBytes, snapshotBytes: UInt64
            var lastCompactionMs: Double?
            var recoveryMs: Double
        }
        struct Backups: Decodable, Equatable {
            var totalServers, totalBackupRuns, overdue, last24Hours: Int
            var successRate: Double
        }
        var system: System
        var application: Application
        var store: Store
        var backups: Backups
    }

    /// `GET /api/health`.
    struct Health: Decodable {
        struct Store: Decodable {
            var status: String
            var servers, runs, quarantinedSpans: Int
            var logBytes, snapshotBytes: UInt64
            var lastSnapshot, lastCompaction: String?
            var dataDirFreeBytes: UInt64?
            var records: [String: Int]
            var writable: Bool
        }
        var health, version, timestamp: String
        var uptimeSeconds: Int
        var store: Store
        var services: [String: String]
    }

    /// What `DELETE /api/servers/:serverId` removed.
    struct DeletedServer: Decodable, Equatable {
        var deletedServers, deletedRuns: Int
    }

    /// What `POST /api/servers/merge` did.
    struct MergedServers: Decodable, Equatable {
        var movedRuns, duplicateRuns, mergedServers: Int
    }
}

/// A response read through a mirror.
struct APIResult<Payload: Decodable> {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var envelope: API.Envelope<Payload>
    /// The member names of the envelope's `data` object (empty when it is not an object).
    var dataKeys: Set<String>
    /// The member names of each object of the envelope's `data` array (empty when it is not one).
    var elementKeys: [Set<String>]

    /// `data`, failing the test when the envelope has none.
    func data(file: StaticString = #filePath, line: UInt = #line) throws -> Payload {
        try XCTUnwrap(envelope.data, "no data in a \(status.code) \(envelope.status) envelope: \(envelope.message ?? "")", file: file, line: line)
    }

    /// Asserts an error envelope: status, error name, a message containing `fragment`, no data.
    func assertError(
        _ expected: HTTPResponse.Status,
        _ name: String,
        _ fragment: String = "",
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        XCTAssertEqual(status, expected, envelope.message ?? "", file: file, line: line)
        XCTAssertEqual(envelope.status, "error", file: file, line: line)
        XCTAssertEqual(envelope.error, name, file: file, line: line)
        let message = envelope.message ?? ""
        XCTAssertFalse(message.isEmpty, "an error needs a message", file: file, line: line)
        XCTAssertTrue(fragment.isEmpty || message.contains(fragment), "message '\(message)' lacks '\(fragment)'", file: file, line: line)
        XCTAssertNil(envelope.data, file: file, line: line)
    }
}

/// An envelope whose `data` this test does not read.
struct Ignored: Decodable {
    init(from decoder: any Decoder) throws {}
}

extension TestClientProtocol {
    /// Sends a request and decodes the answer's envelope with `Payload` as its `data`.
    func request<Payload: Decodable>(
        _ method: HTTPRequest.Method,
        _ uri: String,
        as payload: Payload.Type,
        json body: String? = nil,
        bytes: ByteBuffer? = nil,
        headers extra: HTTPFields = [:],
        contentType: String? = "application/json"
    ) async throws -> APIResult<Payload> {
        var headers = extra
        let content = bytes ?? body.map { ByteBuffer(string: $0) }
        if content != nil, let contentType { headers[.contentType] = contentType }
        let response = try await execute(uri: uri, method: method, headers: headers, body: content)
        let data = Data(buffer: response.body)
        let envelope: API.Envelope<Payload>
        do {
            envelope = try JSONDecoder().decode(API.Envelope<Payload>.self, from: data)
        } catch {
            XCTFail("\(method) \(uri): \(response.status.code) body does not decode: \(error)\n\(String(decoding: data.prefix(600), as: UTF8.self))")
            throw error
        }
        let keys = (try? JSONDecoder().decode(API.Envelope<API.Keys>.self, from: data))?.data?.names ?? []
        let elements = (try? JSONDecoder().decode(API.Envelope<[API.Keys]>.self, from: data))?.data?.map(\.names) ?? []
        return APIResult(status: response.status, headers: response.headers, envelope: envelope, dataKeys: keys, elementKeys: elements)
    }

    /// `GET uri`, decoded.
    func get<Payload: Decodable>(_ uri: String, as payload: Payload.Type) async throws -> APIResult<Payload> {
        try await request(.get, uri, as: payload)
    }
}
