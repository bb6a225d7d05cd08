import Hummingbird

extension Request {
    /// The value of cookie `name`, nil when the request does not carry it.
    func cookie(_ name: String) -> String? {
        for header in headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].drop(while: \.isWhitespace) == name { return String(parts[1]) }
            }
        }
        return nil
    }
}
