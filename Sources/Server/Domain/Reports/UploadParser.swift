/// Turns a `POST /api/upload` body into a backup run to store, a report to ignore, or a
/// rejection that tells the sender what to change. Pure: no I/O, and "now" is an argument.
///
/// Two stages, which `tools/bench-upload` times apart: `decode` (bytes to `ReportJSON`) and `map`
/// (`ReportJSON` to the outcome).
package enum UploadParser {
    /// How far ahead of the server's clock a report may be dated before it counts as absurd;
    /// generous because small NAS boxes often run with a wrong clock or time zone.
    static let futureToleranceSeconds: Int64 = 2 * 86_400

    /// Parses an upload body. JSON is tried whatever `contentType` says (Duplicati sends
    /// `application/json`, scripts often send nothing or `text/plain`); the content type only
    /// sharpens the message for a form-encoded body. `now` (epoch ms) bounds the plausible dates;
    /// `naming` fills in the identity a report lacks.
    package static func parse(body: [UInt8], contentType: String?, now: Int64, naming: UploadNaming = .none) -> UploadParseOutcome {
        guard body.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else {
            return .invalid(
                UploadRejection(
                    message: "The request body is empty; configure the Duplicati job with "
                        + "--send-http-url pointing here and --send-http-result-output-format=Json."
                )
            )
        }
        let json: ReportJSON
        do {
            json = try decode(body)
        } catch {
            if looksFormEncoded(body, contentType: contentType) {
                return .invalid(UploadRejection(message: formEncodedMessage))
            }
            return .invalid(
                UploadRejection(
                    message: "The body is not valid JSON (\(error.reason) at byte \(error.offset)); send "
                        + "Duplicati's report unmodified, with --send-http-result-output-format=Json."
                )
            )
        }
        return map(json, now: now, naming: naming)
    }

    /// The body as a JSON value, every number and string exactly as sent.
    package static func decode(_ body: [UInt8]) throws(ReportJSONError) -> ReportJSON {
        try ReportJSONParser.parse(body)
    }

    /// What a decoded body is: a Duplicati report, a generic one, or neither; `now` (epoch ms)
    /// bounds the plausible dates, `naming` fills in the identity a report lacks.
    package static func map(_ json: ReportJSON, now: Int64, naming: UploadNaming = .none) -> UploadParseOutcome {
        guard let top = json.objectValue else {
            return .invalid(
                UploadRejection(
                    message: "The body's JSON is \(json.typeName), not an object; send "
                        + "Duplicati's report (with --send-http-result-output-format=Json) or the generic "
                        + "{\"server\": …, \"backup\": …} format."
                )
            )
        }
        let latest = now / 1000 + futureToleranceSeconds
        if top["Data"] != nil || top["Extra"] != nil || top["LogLines"] != nil {
            return DuplicatiReportMapper.map(top, latestPlausibleSeconds: latest, naming: naming)
        }
        if top["server"] != nil || top["backup"] != nil {
            return GenericReportMapper.map(top, latestPlausibleSeconds: latest, naming: naming)
        }
        return .invalid(
            UploadRejection(
                message: "The JSON body is neither a Duplicati report (Data, Extra, "
                    + "LogLines) nor the generic format (server, backup); configure Duplicati with "
                    + "--send-http-result-output-format=Json, or send "
                    + "{\"server\": {\"name\": …}, \"backup\": {…}}."
            )
        )
    }

    /// The answer for Duplicati's default text format, which is form-encoded (`message=…`).
    static let formEncodedMessage =
        "The report is form-encoded (Duplicati's default \"Duplicati\" text "
        + "format), which cannot be read reliably; add --send-http-result-output-format=Json to the job's "
        + "advanced options (or to Settings > Default options for every job) so Duplicati sends JSON."

    /// True for `application/x-www-form-urlencoded` or a body shaped like `name=value…`.
    static func looksFormEncoded(_ body: [UInt8], contentType: String?) -> Bool {
        if let contentType, contentType.lowercased().contains("x-www-form-urlencoded") { return true }
        // Duplicati names the parameter "message" by default; --send-http-message-parameter-name changes it.
        for (offset, byte) in body.prefix(64).enumerated() {
            if byte == UInt8(ascii: "=") { return offset > 0 }
            let isNameByte =
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
                || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: ".")
            if !isNameByte { return false }
        }
        return false
    }
}
