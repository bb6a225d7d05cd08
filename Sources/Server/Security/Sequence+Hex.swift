extension Sequence<UInt8> {
    /// The bytes as lower-case hex, two digits each (a digest as stored, an address prefix).
    var lowercaseHex: String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] }, as: UTF8.self)
    }
}
