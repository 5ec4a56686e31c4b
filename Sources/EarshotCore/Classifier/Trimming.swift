/// Whitespace trimming with Swift's own `Character.isWhitespace`: `trimmingCharacters(in:)` goes
/// through Foundation's `NSString` on Linux, and loading the lexicons trims some 170,000 strings.
extension StringProtocol {
    /// The text without leading and trailing whitespace (spaces, tabs, line breaks, no-break spaces).
    var trimmedWhitespace: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return ""
        }
        return String(self[first...last])
    }
}
