// SuiteProgress of a suite: on a terminal one live line (run i/N, method, task, step, loss, ETA),
// redrawn at most ten times a second; otherwise (CI, a log file, parallel workers) one plain
// line per finished run.

import Foundation
#if canImport(Glibc)
    import Glibc
#endif

public final class SuiteProgress {
    public let live: Bool
    let prefix: String
    let total: Int
    var done = 0
    var current = ""
    var runStart = 0.0, lastDraw = 0.0
    let start = SuiteProgress.now()
    var spent: [Double] = []  // seconds of each finished run (ETA: their median × runs left)

    /// `live: nil` picks the live line when stdout is a terminal.
    public init(total: Int, live: Bool? = nil, prefix: String = "") {
        self.total = total
        self.live = live ?? (isatty(STDOUT_FILENO) == 1)
        self.prefix = prefix
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    public func begin(_ run: SuiteRun, index: Int) {
        current = "\(prefix)[\(index + 1)/\(total)] \(run.spec.method) on \(run.task)"
        runStart = Self.now()
        if live { draw("\(current): loading") }
    }

    public func step(_ step: Int, of steps: Int, loss: Float) {
        guard live, Self.now() - lastDraw > 0.1 || step + 1 == steps else { return }
        draw(
            String(
                format: "%@: step %d/%d loss %.4f  ETA %@", current as NSString, step + 1, steps, loss,
                eta() as NSString))
    }

    public func evaluating() { if live { draw("\(current): evaluating") } }

    public func finish(_ line: String) {
        spent.append(Self.now() - runStart)
        done += 1
        if live { print("\r\u{1B}[K", terminator: "") }
        print("\(current): \(line)")
        fflush(nil)
    }

    public func note(_ line: String) {
        if live { print("\r\u{1B}[K", terminator: "") }
        print(prefix + line)
        fflush(nil)
    }

    /// Runs left × the median finished run (the current one counted as half spent).
    func eta() -> String {
        guard !spent.isEmpty else { return "…" }
        let median = spent.sorted()[spent.count / 2]
        let left = max(0, Double(total - done) * median - (Self.now() - runStart))
        return left >= 60
            ? String(format: "%dm%02ds", Int(left) / 60, Int(left) % 60) : String(format: "%ds", Int(left))
    }

    func draw(_ text: String) {
        lastDraw = Self.now()
        print("\r\u{1B}[K" + String(text.prefix(160)), terminator: "")
        fflush(nil)
    }

    public var elapsed: Double { Self.now() - start }
}
