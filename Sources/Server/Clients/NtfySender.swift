#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A rendered notification, the same for every channel.
struct OutgoingNotification: Sendable, Equatable {
    /// What the notification is about: `backup`, `overdue` or `test`.
    var event: String
    var title: String
    var message: String
    var priority: NotificationTemplate.Priority
    /// Comma-separated tags.
    var tags: String
    /// The job it is about, when any: server name, backup name, status and run id.
    var server: String?
    var backup: String?
    var status: String?
    var runId: String?

    /// The tags as a list, trimmed.
    var tagList: [String] { tags.split(separator: ",").map { String(ReportText.trimmed($0)) }.filter { !$0.isEmpty } }
}

/// Posts notifications to ntfy (`monitoring.md` §7): `POST <url>/<topic>`, the message as the
/// body, title, priority and tags as query parameters (ASCII-safe), a bearer token when set.
struct NtfySender: Sendable {
    let poster: any HTTPPoster
    var retry = RetryPolicy.standard

    /// Sends `notification` to `topic` at `baseURL`.
    func send(_ notification: OutgoingNotification, baseURL: String, topic: String, token: String?) async throws(DeliveryError) {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        guard !topic.isEmpty else { throw .configuration("the ntfy topic is empty") }
        let query = [
            ("title", notification.title), ("priority", notification.priority.rawValue), ("tags", notification.tagList.joined(separator: ",")),
        ]
        let url = base + "/" + PageLink.segment(topic) + "?" + query.map { "\($0)=\(PageLink.query($1))" }.joined(separator: "&")
        var headers = [("Content-Type", "text/plain; charset=utf-8")]
        if let token, !token.isEmpty { headers.append(("Authorization", "Bearer \(token)")) }
        let body = Array(notification.message.utf8)
        try await retry.run { () async throws(DeliveryError) in
            let answer = try await poster.post(url: url, headers: headers, body: body)
            guard (200..<300).contains(answer.status) else {
                throw DeliveryError.rejected(status: answer.status, reason: String(answer.body.prefix(200)))
            }
        }
    }
}

/// Posts notifications to a generic webhook as JSON (`monitoring.md` §7), with extra headers.
struct WebhookSender: Sendable {
    let poster: any HTTPPoster
    var retry = RetryPolicy.standard

    /// The JSON body.
    struct Body: Encodable {
        var event: String
        var title: String
        var message: String
        var priority: String
        var tags: [String]
        var server: String?
        var backup: String?
        var status: String?
        var run: String?
    }

    /// Sends `notification` to `url` with `headers` (plain values, already opened).
    func send(_ notification: OutgoingNotification, url: String, headers: [String: String]) async throws(DeliveryError) {
        let body = Body(
            event: notification.event,
            title: notification.title,
            message: notification.message,
            priority: notification.priority.rawValue,
            tags: notification.tagList,
            server: notification.server,
            backup: notification.backup,
            status: notification.status,
            run: notification.runId
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let bytes = try? encoder.encode(body) else { throw .other("The webhook body could not be encoded") }
        let allHeaders = [("Content-Type", "application/json")] + headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        try await retry.run { () async throws(DeliveryError) in
            let answer = try await poster.post(url: url, headers: allHeaders, body: Array(bytes))
            guard (200..<300).contains(answer.status) else {
                throw DeliveryError.rejected(status: answer.status, reason: String(answer.body.prefix(200)))
            }
        }
    }
}
