// The statistics behind T2 and T4 (docs/PROTOCOL.md): Student-t confidence intervals over seeds,
// Welch's t-test, Holm's step-down correction, and rank groups. Pure functions of the numbers;
// the tests check them against values from scipy.stats.

import Foundation

public enum Statistics {
    /// The regularised incomplete beta function I_x(a, b) (Lentz's continued fraction).
    static func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * Foundation.log(x) + b * Foundation.log(1 - x)
        let front = Foundation.exp(logGammas + logPowers)
        if x > (a + 1) / (a + b + 2) { return 1 - incompleteBeta(1 - x, b, a) }
        var (c, d) = (1.0, 1 - (a + b) * x / (a + 1))
        d = 1 / (abs(d) < 1e-300 ? 1e-300 : d)
        var f = d
        for m in 1...300 {
            let m = Double(m)
            for k in 0..<2 {
                let num: Double
                if k == 0 {
                    num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
                } else {
                    num = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
                }
                d = 1 + num * d; d = 1 / (abs(d) < 1e-300 ? 1e-300 : d)
                c = 1 + num / c; if abs(c) < 1e-300 { c = 1e-300 }
                f *= c * d
            }
            if abs(c * d - 1) < 1e-14 { break }
        }
        return front * f / a
    }

    /// P(T > t) for Student's t with `df` degrees of freedom (df may be fractional).
    public static func tUpperTail(_ t: Double, df: Double) -> Double {
        let tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5)
        return t >= 0 ? tail : 1 - tail
    }

    /// The t value with P(T > t) = p (bisection; p in (0, 0.5]).
    public static func tQuantile(upper p: Double, df: Double) -> Double {
        var (lo, hi) = (0.0, 1e4)
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if tUpperTail(mid, df: df) > p { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// Half-width of the 95% confidence interval of the mean: t(0.975, n−1)·s/√n (nil below 2).
    public static func ci95(_ s: Stats) -> Double? {
        guard s.count >= 2 else { return nil }
        return tQuantile(upper: 0.025, df: Double(s.count - 1)) * s.std / Double(s.count).squareRoot()
    }

    /// One-sided Welch test that `worse` has a lower mean than `best` (after orienting the metric
    /// so that higher is better): the p-value. Equal values and no spread give 1; a difference
    /// with no spread gives 0. nil when either side has fewer than two values.
    public static func welchWorse(best: Stats, worse: Stats) -> Double? {
        guard best.count >= 2, worse.count >= 2 else { return nil }
        let (vb, vw) = (best.std * best.std / Double(best.count), worse.std * worse.std / Double(worse.count))
        let diff = best.mean - worse.mean
        guard vb + vw > 0 else { return diff > 0 ? 0 : 1 }
        let t = diff / (vb + vw).squareRoot()
        let df = (vb + vw) * (vb + vw) / (vb * vb / Double(best.count - 1) + vw * vw / Double(worse.count - 1))
        return tUpperTail(t, df: df)
    }

    /// Holm's step-down correction: which of the p-values are rejected at family-wise level α.
    public static func holmRejects(_ p: [Double], alpha: Double = 0.05) -> [Bool] {
        let order = p.indices.sorted { p[$0] < p[$1] }
        var rejects = [Bool](repeating: false, count: p.count)
        for (k, i) in order.enumerated() {
            guard p[i] <= alpha / Double(p.count - k) else { break }
            rejects[i] = true
        }
        return rejects
    }

    /// Rank groups: the best mean's method and every method not significantly worse than it
    /// (one-sided Welch, Holm-corrected over that round's comparisons) form group 1; the rest are
    /// grouped again the same way. Values are oriented by `higherIsBetter`. A method with fewer
    /// than two values cannot be told apart, so it joins the current group.
    public static func rankGroups(_ values: [String: [Double]], higherIsBetter: Bool, alpha: Double = 0.05) -> [String:
        Int]
    {
        let sign = higherIsBetter ? 1.0 : -1.0
        var remaining = values.filter { !$0.value.isEmpty }.map {
            (name: $0.key, stats: Stats($0.value.map { $0 * sign }))
        }
        .sorted { $0.stats.mean != $1.stats.mean ? $0.stats.mean > $1.stats.mean : $0.name < $1.name }
        var groups: [String: Int] = [:], group = 1
        while let best = remaining.first {
            let others = Array(remaining.dropFirst())
            let rejects = holmRejects(
                others.map { Statistics.welchWorse(best: best.stats, worse: $0.stats) ?? 1 }, alpha: alpha)
            groups[best.name] = group
            for (o, worse) in zip(others, rejects) where !worse { groups[o.name] = group }
            remaining = others.enumerated().filter { rejects[$0.offset] }.map(\.element)
            group += 1
        }
        return groups
    }
}
