import Hummingbird
import HummingbirdCore

extension URI {
    /// The query's parameters decoded as browsers encode them: `+` is a space, then `%XX`.
    ///
    /// Hummingbird's `queryParameters` keeps a `+` as it is, but an HTML form sent with GET and
    /// `URLSearchParams` (the pages' script) both write a space as `+`, and the Node app read its
    /// queries that way, so `?q=office+pc` must search for "office pc". A literal plus is `%2B`.
    var formParameters: Parameters {
        guard let query, !query.isEmpty else { return Parameters() }
        let pairs = query.split(separator: "&", omittingEmptySubsequences: true).map { pair -> (key: Substring, value: Substring) in
            guard let equals = pair.firstIndex(of: "=") else { return (Self.formDecoded(pair)[...], "") }
            return (Self.formDecoded(pair[..<equals])[...], Self.formDecoded(pair[pair.index(after: equals)...])[...])
        }
        return Parameters(pairs)
    }

    /// `text` with `+` as a space and each `%XX` as its byte.
    ///
    /// A `%` not followed by two hex digits stays as it is; bytes that are not UTF-8 become U+FFFD.
    static func formDecoded(_ text: Substring) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) else { return String(text) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count, let high = bytes[index + 1].hexDigitValue,
                let low = bytes[index + 2].hexDigitValue
            {
                decoded.append(high << 4 | low)
                index += 3
                continue
            }
            decoded.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index += 1
        }
        return String(decoding: decoded, as: UTF8.self)
    }
}
