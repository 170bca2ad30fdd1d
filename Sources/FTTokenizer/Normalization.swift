import Foundation

/// NFC for the families that want it (Qwen). Most text is already NFC, and every scalar below
/// U+0300 is NFC-stable and composes with nothing after it, so text whose UTF-8 has no byte
/// ≥ 0xCC (the lead byte of U+0300) is returned as is without touching Foundation.
enum Normalization {
    static func nfc(_ text: String) -> String {
        let needsWork = withUTF8(text) { bytes, count -> Bool in
            for i in 0..<count where bytes[i] >= 0xCC { return true }
            return false
        }
        guard needsWork else { return text }
        return text.precomposedStringWithCanonicalMapping
    }
}
