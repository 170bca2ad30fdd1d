/// Texts that are hard for pre-tokenizers, handwritten and seeded-random, shared by the tests.
enum Corpus {
    /// Handwritten cases, one edge each (or a few).
    static let handwritten: [String] = [
        "", " ", "  ", "\t", "\n", "\r\n", "a", "A", "1", "'", "''", "'s", "x'", " '",
        // Digit runs of many lengths, with separators.
        "1 12 123 1234 12345 123456 1234567 12345678 123456789 1234567890 12345678901234567890",
        "3.14159 2,718,281 0x1F 1e10 -42 +7 007 1_000_000 v1.2.3 2024-01-31T12:00:00Z",
        "١٢٣٤٥ ١٢٣ ۱۲۳۴ १२३४५ ௧௨௩ ١2٣4 ²³ ½¾ ⅫⅣ ①②③④ １２３４５",
        // Contractions in any case.
        "I'm you're he's she'd we'll they've it's don't can't won't Y'all",
        "I'M YOU'RE HE'S SHE'D WE'LL THEY'VE IT'S DON'T 'S 'LL 'Re 'rE 'vE 'M 'D 'T",
        "the dog's 'sup 'll 'llama 'reason 'veto 'mom 'dad 'tom 'ſ 'ſt x'ſ 'K 'Ks",
        "rock'n'roll o'clock ma'am ’s ‘quoted’ ʼs ´s `s ＇s it’s HE’S",
        // Whitespace.
        "a  b   c    d     e", "a\tb\t\tc \t d\t \te", "trailing   ", "trailing\t", "trailing \n ",
        "   leading", "\t\tleading", "line1\nline2\r\nline3\rline4", "\n\n\n", "\r\n\r\n", "\r\r\n\n",
        "a\n\n\nb", "a \n \n b", "a\n  b", "a  \n", "x \r\n y", "\n  \n\t\n   x",
        "end with newline\n", "end with spaces and newline  \n  ", "  \n", "\n ", " \n", "\u{a0}\u{a0}x",
        "nbsp\u{a0}word ideographic\u{3000}space em\u{2003}space line\u{2028}sep nel\u{85}x zwsp\u{200b}x",
        "\u{3000}\u{3000}日本", "tab\u{0b}vt\u{0c}ff", "\u{1680}ogham \u{202f}narrow \u{205f}math",
        // Combining marks.
        "e\u{301}cole ÉCOLE école e\u{301}\u{301} a\u{308}\u{323}",
        "\u{301}leading mark", " \u{301}", "x\u{20dd}", "Z\u{351}\u{36b}\u{343}\u{36a}a\u{302}l\u{33b}g\u{33b}o",
        "A\u{301}B\u{301}C", "ABC\u{301}def", "n\u{303}", "ﬁ ﬂ Å Å K",
        // Mixed case.
        "HTTPServer iPhone eBay McDonald's ÉCOLE XMLHttpRequest getHTTPResponseCode",
        "camelCaseWord PascalCase snake_case SCREAMING_CASE kebab-case ǅemal ǈudevit ᾈ",
        "ALLCAPS'S ALLCAPS'll lower'S Mixed'Re ÀÉÎ'd ĲSSEL",
        // Emoji.
        "👍 👍🏽 👨‍👩‍👧‍👦 🏳️‍🌈 🇺🇸🇯🇵 🇫🇷 1️⃣ #️⃣ ❤️ ☺︎ 🏴󠁧󠁢󠁥󠁮󠁧󠁿 🧑🏿‍💻 😀😃😄",
        "emoji👍inside wörds🎉 and 🤖robots",
        // Scripts.
        "مرحبا بالعالم! كيف حالك؟ ١٢٣", "שָׁלוֹם עוֹלָם", "العربية\u{200f} mixed עברית text",
        "नमस्ते दुनिया। क्षत्रिय ज्ञान", "வணக்கம் உலகம் தமிழ்", "สวัสดีครับ ภาษาไทย",
        "你好，世界！这是一个测试。中文没有空格分词", "日本語のテキスト、カタカナとひらがな。ｶﾀｶﾅ",
        "안녕하세요 세계 한국어 텍스트", "Привет, мир! ЁЖИК ёжик", "Γειά σου Κόσμε ΑΒΓ αβγ ς",
        "Ἀθῆναι ᾅδης", "𝐀𝐁𝐂 𝒶𝒷𝒸 𝔸𝔹 𠀀𠀁 𰀀 \u{e000}\u{f0000} \u{10ffff}",
        "ʰʲʷ ˈstress ˌsecondary ꜰ", "ß ẞ ŉ ǰ ΐ",
        // Code.
        "func count(_ text: String) -> Int {\n    return text.utf8.count // bytes\n}\n",
        "def f(x):\n\treturn x**2  # square\n\nif __name__ == '__main__':\n    print(f(3))\n",
        "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi!\"}], \"n\": 12345, \"ok\": true}",
        "let a = [1, 2, 3]; a.map { $0 * 2 } // [2,4,6]\r\n#include <stdio.h>\nint main(){printf(\"%d\\n\",42);}",
        "<div class=\"x\">&nbsp;&amp;</div> /* c */ // ok /// doc //// ///// ://",
        "  \n  // comment\n//\n///\n/\n/\r\n", "a/b/c //\n// ///\n\n///x",
        // URLs and punctuation runs.
        "https://example.com/path/to/page?query=1&x=y#frag mailto:a@b.co www.x.org/~u",
        "!!! ??? ... --- *** ### $$$ %%% ^^^ &&& ((( ))) [[[ ]]] {{{ }}} <<< >>> ||| \\\\\\",
        "wait...what?!?! — – … «quotes» „German“ 「括弧」 【】 ¿Qué? ¡Sí!",
        " !\n !!\r\n ..\n\n\n.\r\r", "x:\n\ny", "x;\n \n", "x.\r\n\r\ny", "€100 £50 ¥1000 ₹500 ©2024 ™ ®",
        // Joins where one rule decides: a mark that starts a piece, ſ folding to s, \s+(?!\S).
        "1\u{301}A 2\u{301}AB. 3\u{301}\u{301}Ab 4\u{301}ab \n\u{301}XYZ! .\u{301}Q", "\u{301}A", "\u{301}AB\u{301}c",
        "'ſt 'ſTOP x'ſt X'ſS 'ſ\u{301} it'ſ", "DON'ſT", "a'sss 'stop 'tis 'dna 'mmm 'reveal 'velvet 'llama",
        "x   1 x  \t2 x\t\t( x \u{a0}y \u{3000}\u{3000}z \u{2028} w\n \n x",
        // Special-token look-alikes are plain text here.
        "<|endoftext|> <|im_start|>user<|im_end|> <|eot_id|>",
    ]

    /// Pieces far longer than a word, for the heap-based merge path (and its agreement with the flat one).
    static var long: [String] {
        var rng = SplitMix64(seed: 4242)
        func run(_ alphabet: String, _ count: Int) -> String {
            let scalars = Array(alphabet.unicodeScalars)
            var text = ""
            for _ in 0..<count { text.unicodeScalars.append(scalars[rng.next(scalars.count)]) }
            return text
        }
        let letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
        return [
            run(letters, 97), run(letters, 150), run(letters, 1500),
            run("abcdefghijklmnopqrstuvwxyz0123456789+/ABCDEFGHIJKLMNOPQRSTUVWXYZ=", 2000),
            String(repeating: "a", count: 1000), String(repeating: "ab", count: 700),
            run("的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长", 800),
            run("あいうえおかきくけこアイウエオカキクケコ", 600), run("абвгдежзийклмнопрстуфхцчшщъыьэюя", 900),
            String(repeating: " ", count: 300) + "x", String(repeating: "\t", count: 200) + "\n" + String(repeating: " ", count: 150),
            String(repeating: "=", count: 400), String(repeating: "-_", count: 300) + "\n\n",
            String(repeating: "\n", count: 250), String(repeating: "\u{301}", count: 120),
            String(repeating: "👍🏽", count: 60), run("0123456789", 1000),
        ]
    }

    /// Runs of many scalar classes, glued at random: what the pre-tokenizers disagree on
    /// lives at the joins.
    static func random(seed: UInt64, count: Int) -> [String] {
        var rng = SplitMix64(seed: seed)
        let atoms: [[String]] = [
            ["a", "b", "z", "e", "s", "t", "the", "word", "hello", "Zebra", "Q"],
            ["A", "B", "Z", "HTTP", "S", "LL", "RE", "X"],
            ["0", "1", "7", "42", "123", "9876", "٣", "४", "１", "²", "½", "Ⅻ"],
            [" ", " ", "  ", "\t", "\n", "\r\n", "\r", "\u{a0}", "\u{3000}", " \t ", "\n\n", "\u{2028}", "\u{85}"],
            ["'", "'s", "'S", "'ll", "'LL", "'Re", "'ve", "'d", "'M", "'t", "'ſ", "’", "ʼ", "`"],
            [".", ",", "!", "?", "...", "/", "//", "-", "_", "(", ")", "{", "}", "\"", "#", "@", "$", "%", "*", "<", ">", "=>", "::"],
            ["\u{301}", "\u{308}", "\u{323}", "\u{20dd}", "\u{94d}", "\u{93f}", "\u{bcd}", "\u{5b8}", "\u{64e}", "\u{fe0f}", "\u{200d}"],
            ["é", "É", "ß", "ø", "Ω", "ω", "ж", "Ж", "ǅ", "ʰ", "ς", "ĳ"],
            ["中", "文", "日本", "語", "カ", "か", "ｶ", "한", "국", "ー", "々"],
            ["م", "ر", "ح", "ש", "ל", "न", "म", "க", "ழ", "ส", "ั"],
            ["👍", "🏽", "👨‍👩‍👧", "🇺🇸", "🇯", "❤", "😀", "🤖", "🏴󠁧󠁢󠁥󠁮󠁧󠁿", "1️⃣"],
            ["𝐀", "𝒶", "𠀀", "\u{e000}", "\u{f0000}", "€", "©", "™", "→", "∑", "\u{200b}", "\u{200f}"],
        ]
        var texts: [String] = []
        texts.reserveCapacity(count)
        for _ in 0..<count {
            var text = ""
            let pieces = 1 + rng.next(40)
            for _ in 0..<pieces {
                let group = atoms[rng.next(atoms.count)]
                let atom = group[rng.next(group.count)]
                let repeats = rng.next(4) == 0 ? 1 + rng.next(12) : 1
                for _ in 0..<repeats { text += atom }
            }
            texts.append(text)
        }
        return texts
    }

    /// Chat examples for the template tests.
    static func chats(seed: UInt64, count: Int) -> [[(role: String, content: String, name: String?)]] {
        var rng = SplitMix64(seed: seed)
        let contents = handwritten.filter { !$0.contains("<|") } + random(seed: seed &+ 1, count: 60)
        let roles = ["system", "user", "assistant", "tool"]
        return (0..<count).map { _ in
            (0..<(1 + rng.next(5))).map { _ in
                let role = roles[rng.next(roles.count)]
                let name: String? = rng.next(4) == 0 ? ["alice", "bot_2", "Ünïcode"][rng.next(3)] : nil
                return (role, contents[rng.next(contents.count)], name)
            }
        }
    }
}

/// A small seeded generator (SplitMix64) so every run sees the same corpus.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func nextRaw() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A value in 0..<n (n > 0).
    mutating func next(_ n: Int) -> Int { Int(nextRaw() % UInt64(max(n, 1))) }
}
