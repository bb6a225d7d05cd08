extension StringProtocol {
    /// The text without surrounding spaces and tabs, lower-cased: header tokens compare case-insensitively.
    var headerToken: String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return self[first...last].lowercased()
    }
}
