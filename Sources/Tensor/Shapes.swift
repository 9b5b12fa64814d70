// Shape rules (broadcasting, matmul compatibility) as throwing functions, so they can be tested and
// reported. Ops call them through `checked`, which turns a violated rule into a one-line message on
// stderr and exit code 2: a shape mismatch is a bug in a model or method, not a recoverable state,
// and a user should see the op and both shapes rather than a crash trace.

import Foundation

/// A violated shape rule: the op and the shapes it was given.
public struct ShapeError: Error, CustomStringConvertible, Equatable {
    public let op: String
    public let shapes: [[Int]]
    public let reason: String
    public var description: String {
        "shape mismatch in \(op): " + shapes.map { "\($0)" }.joined(separator: " vs ") + " (\(reason))"
    }
}

public enum Shapes {
    /// NumPy broadcasting of two shapes.
    public static func broadcast(_ a: [Int], _ b: [Int], op: String) throws(ShapeError) -> [Int] {
        let n = max(a.count, b.count)
        var out = [Int](repeating: 1, count: n)
        for i in 0..<n {
            let x = i < n - a.count ? 1 : a[i - (n - a.count)]
            let y = i < n - b.count ? 1 : b[i - (n - b.count)]
            guard x == y || x == 1 || y == 1 else {
                throw ShapeError(op: op, shapes: [a, b], reason: "dimension \(i) is \(x) and \(y)")
            }
            out[i] = x == 1 ? y : x
        }
        return out
    }

    /// Result shape of op(a) · op(b) with `a` (…, M, K) and `b` (K, N), transposes by flags.
    public static func matmul(_ a: [Int], _ b: [Int], transA: Bool, transB: Bool) throws(ShapeError) -> [Int] {
        guard a.count >= 2, b.count == 2, !transA || a.count == 2 else {
            throw ShapeError(
                op: "matmul", shapes: [a, b],
                reason: "needs a (…, M, K) and b (K, N); a transposed only when 2-D")
        }
        let k = transA ? a[0] : a[a.count - 1]
        let kb = transB ? b[1] : b[0]
        guard k == kb else {
            throw ShapeError(op: "matmul", shapes: [a, b], reason: "inner dimensions \(k) and \(kb)")
        }
        let m = transA ? [a[1]] : Array(a.dropLast())
        return m + [transB ? b[0] : b[1]]
    }

    /// Result shape of a batched op(a) · op(b) with a (G…, M, K) and b (G…, K, N).
    public static func bmm(_ a: [Int], _ b: [Int], transA: Bool, transB: Bool) throws(ShapeError) -> [Int] {
        guard a.count >= 3, a.count == b.count, a.dropLast(2) == b.dropLast(2) else {
            throw ShapeError(op: "bmm", shapes: [a, b], reason: "needs equal batch dimensions")
        }
        let (m, k) = transA ? (a[a.count - 1], a[a.count - 2]) : (a[a.count - 2], a[a.count - 1])
        let (kb, n) = transB ? (b[b.count - 1], b[b.count - 2]) : (b[b.count - 2], b[b.count - 1])
        guard k == kb else {
            throw ShapeError(op: "bmm", shapes: [a, b], reason: "inner dimensions \(k) and \(kb)")
        }
        return Array(a.dropLast(2)) + [m, n]
    }
}

/// Evaluates a shape rule; on violation prints the error and exits with status 2.
@inline(__always)
public func checked<T>(_ rule: () throws(ShapeError) -> T) -> T {
    do { return try rule() } catch { failShape(error) }
}

/// Reports a shape error and exits. Kept out of line so ops stay small.
@inline(never)
public func failShape(_ error: ShapeError) -> Never {
    FileHandle.standardError.write(Data("peftbench: \(error)\n".utf8))
    exit(2)
}

/// Splits `shape` around `axis` into (outer, size, inner) element counts.
func split(_ shape: [Int], axis: Int) -> (outer: Int, size: Int, inner: Int) {
    (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
}

/// Normalises a possibly negative axis.
func normalize(axis: Int, rank: Int, op: String, shape: [Int]) -> Int {
    let a = axis < 0 ? axis + rank : axis
    if a < 0 || a >= rank {
        failShape(ShapeError(op: op, shapes: [shape], reason: "axis \(axis) out of range for rank \(rank)"))
    }
    return a
}
