/// A grid of braille cells, each 2 dots wide and 4 high, so a terminal cell holds 8 pixels.
/// Each cell remembers the series that last drew in it, for its colour.
struct BrailleCanvas {
    let columns: Int
    let rows: Int
    private var bits: [UInt8]
    private var owner: [Int]

    var dotsWide: Int { columns * 2 }
    var dotsHigh: Int { rows * 4 }

    init(columns: Int, rows: Int) {
        self.columns = max(1, columns)
        self.rows = max(1, rows)
        bits = Array(repeating: 0, count: self.columns * self.rows)
        owner = Array(repeating: -1, count: self.columns * self.rows)
    }

    /// The bit of each dot in a cell, by (column, row) within it: braille's numbering.
    private static let dotBits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    /// Sets the dot at (x, y), y growing downwards; outside the canvas it is ignored.
    mutating func set(_ x: Int, _ y: Int, series: Int) {
        guard x >= 0, y >= 0, x < dotsWide, y < dotsHigh else { return }
        let cell = (y / 4) * columns + x / 2
        bits[cell] |= Self.dotBits[x % 2][y % 4]
        owner[cell] = series
    }

    /// A straight line of dots (Bresenham); `every` > 1 draws every n-th dot (a dotted line).
    mutating func line(from a: (Int, Int), to b: (Int, Int), series: Int, every: Int = 1) {
        var (x, y) = a
        let dx = abs(b.0 - a.0), dy = -abs(b.1 - a.1)
        let sx = a.0 < b.0 ? 1 : -1, sy = a.1 < b.1 ? 1 : -1
        var err = dx + dy
        var n = 0
        // Bounded: a line never has more dots than the canvas is wide and high.
        for _ in 0...(dotsWide + dotsHigh) {
            if n % max(1, every) == 0 { set(x, y, series: series) }
            n += 1
            if x == b.0 && y == b.1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }

    /// The character and its owning series (-1: empty) of each cell, row by row.
    func cells() -> [[(Character, Int)]] {
        (0..<rows).map { r in
            (0..<columns).map { c in
                let i = r * columns + c
                guard bits[i] != 0, let scalar = Unicode.Scalar(0x2800 + UInt32(bits[i])) else { return (" ", -1) }
                return (Character(scalar), owner[i])
            }
        }
    }
}
