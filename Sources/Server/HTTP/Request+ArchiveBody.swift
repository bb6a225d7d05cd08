import Hummingbird

extension Request {
    /// Throws 415 unless the content type is a gzip archive (`application/gzip`, its older
    /// `application/x-gzip`, or `application/octet-stream`).
    func requireArchiveContentType() throws {
        let mediaType = headers[.contentType]?.split(separator: ";").first?.headerToken ?? ""
        guard ["application/gzip", "application/x-gzip", "application/octet-stream"].contains(mediaType) else {
            let sent = mediaType.isEmpty ? "Content-Type is missing" : "Content-Type \(mediaType) is not supported"
            throw APIError(
                .unsupportedMediaType,
                "\(sent); send the .tar.gz as application/gzip (curl: --data-binary @FILE -H 'Content-Type: application/gzip')"
            )
        }
    }
}
