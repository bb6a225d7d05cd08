/// Prints a double as JavaScript's `Number.prototype.toString` does (ECMA-262 §6.1.6.1.20):
/// the shortest round-trip digits, in plain notation from 1e-6 up to 1e21 and exponent
/// notation outside it (`1e+21`, `1.5e-7`).
enum JavaScriptNumber {
    /// The JavaScript text of `value`; non-finite values become `null`, as `JSON.stringify` writes them.
    static func text(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == 0 { return "0" }
        let (digits, exponent) = shortestDigits(abs(value))
        let sign = value < 0 ? "-" : ""
        let k = digits.count
        let n = exponent
        if k <= n && n <= 21 {
            return sign + digits + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            return sign + digits.prefix(n) + "." + digits.dropFirst(n)
        }
        if -6 < n && n <= 0 {
            return sign + "0." + String(repeating: "0", count: -n) + digits
        }
        let power = n - 1
        let exponentText = (power >= 0 ? "+" : "-") + String(abs(power))
        let mantissa = k == 1 ? digits : digits.prefix(1) + "." + digits.dropFirst()
        return sign + mantissa + "e" + exponentText
    }

    /// The shortest decimal digits `d1…dk` and the exponent `n` with `value = 0.d1…dk × 10^n`,
    /// read from Swift's own shortest round-trip description (same digits as JavaScript's).
    private static func shortestDigits(_ value: Double) -> (digits: String, exponent: Int) {
        let description = value.description
        let parts = description.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0]
        let power = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let pointIndex = mantissa.firstIndex(of: ".")
        let integerPart = pointIndex.map { mantissa[..<$0] } ?? mantissa
        let fractionPart = pointIndex.map { mantissa[mantissa.index(after: $0)...] } ?? ""
        var digits = String(integerPart) + fractionPart
        var exponent = integerPart.count + power
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            exponent -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        return (digits, exponent)
    }
}
