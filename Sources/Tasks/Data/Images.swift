// 8x8 image sets in the optdigits format: 64 values per image, each 0…16, row-major.
// Two sources: optdigits itself (committed, Resources/digits.csv.gz) and Fashion-MNIST (Debian's
// dataset-fashion-mnist, IDX files read in place) reduced to that format.

import Foundation

/// Images (N × 64 values in 0…16) with their class labels.
public struct ImageSet: Sendable, Equatable {
    public var pixels: [Float]  // (N, 64)
    public var labels: [Int]  // (N)
    public var count: Int { labels.count }

    public init(pixels: [Float], labels: [Int]) {
        precondition(pixels.count == labels.count * 64, "ImageSet: \(pixels.count) values for \(labels.count) images")
        self.pixels = pixels
        self.labels = labels
    }

    /// The same images mirrored left to right.
    public func mirrored() -> ImageSet {
        ImageSet(pixels: (0..<pixels.count).map { pixels[$0 - $0 % 8 + 7 - $0 % 8] }, labels: labels)
    }

    /// The images at `indices`, in that order.
    public func subset(_ indices: [Int]) -> ImageSet {
        ImageSet(pixels: indices.flatMap { pixels[($0 * 64)..<($0 * 64 + 64)] }, labels: indices.map { labels[$0] })
    }
}

public enum Optdigits {
    /// The committed copy of UCI optdigits (see Resources/NOTICE).
    public static var defaultPath: String { Bundle.module.path(forResource: "digits.csv", ofType: "gz")! }

    /// Parses the CSV: 64 integers 0…16, then the label 0…9, one image per line.
    public static func load(_ path: String = defaultPath) throws -> ImageSet {
        let bytes = try Gzip.read(path, package: "python3-sklearn")
        var pixels: [Float] = [], labels: [Int] = []
        for (n, line) in String(decoding: bytes, as: UTF8.self).split(separator: "\n").enumerated() {
            let fields = line.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard fields.count == 65, fields.dropLast().allSatisfy({ (0...16).contains($0) }),
                (0...9).contains(fields[64])
            else {
                throw DataError.malformed(
                    path: path, reason: "line \(n + 1): expected 64 values in 0…16 and a label in 0…9")
            }
            pixels += fields.dropLast().map(Float.init)
            labels.append(fields[64])
        }
        return ImageSet(pixels: pixels, labels: labels)
    }
}

public enum FashionMNIST {
    public static let directory = "/usr/share/datasets/fashion-mnist"
    public static let package = "dataset-fashion-mnist"

    /// The training (60,000) or test (10,000) split, reduced to 8x8 in the optdigits format.
    public static func load(train: Bool, directory: String = directory) throws -> ImageSet {
        let prefix = train ? "train" : "t10k"
        let images = try IDX.read("\(directory)/\(prefix)-images-idx3-ubyte.gz", magic: 2051)
        let labels = try IDX.read("\(directory)/\(prefix)-labels-idx1-ubyte.gz", magic: 2049)
        guard images.dims.count == 3, images.dims[1] == 28, images.dims[2] == 28, labels.dims == [images.dims[0]] else {
            throw DataError.malformed(
                path: directory,
                reason: "expected 28x28 images with one label each, got \(images.dims) and \(labels.dims)")
        }
        let n = images.dims[0]
        var pixels = [Float](repeating: 0, count: n * 64)
        for i in 0..<n { reduceTo8x8(images.bytes[(i * 784)..<(i * 784 + 784)], into: &pixels, at: i * 64) }
        return ImageSet(pixels: pixels, labels: labels.bytes.map(Int.init))
    }

    /// 28x28 grey levels 0…255 → 8x8 in 0…16: pad to 32x32 (2 pixels each side), average each 4x4
    /// block, scale to 0…16 and round. Optdigits counts set pixels in 4x4 blocks of 32x32 bitmaps,
    /// so this gives Fashion the same geometry and range.
    public static func reduceTo8x8(_ image: ArraySlice<UInt8>, into out: inout [Float], at offset: Int) {
        let base = image.startIndex
        for br in 0..<8 {
            for bc in 0..<8 {
                var sum = 0
                for r in (br * 4)..<(br * 4 + 4) where (2..<30).contains(r) {
                    for c in (bc * 4)..<(bc * 4 + 4) where (2..<30).contains(c) {
                        sum += Int(image[base + (r - 2) * 28 + (c - 2)])
                    }
                }
                out[offset + br * 8 + bc] = (Float(sum) / 16 / 255 * 16).rounded()
            }
        }
    }
}

/// IDX files (LeCun's MNIST format): big-endian magic, one big-endian UInt32 per dimension, bytes.
enum IDX {
    static func read(_ path: String, magic: UInt32) throws -> (dims: [Int], bytes: [UInt8]) {
        let b = try Gzip.read(path, package: FashionMNIST.package)
        func u32(_ at: Int) -> UInt32 { b[at..<(at + 4)].reduce(0) { $0 << 8 | UInt32($1) } }
        guard b.count >= 8, u32(0) == magic else {
            throw DataError.malformed(path: path, reason: "IDX magic \(b.count >= 4 ? u32(0) : 0), expected \(magic)")
        }
        let rank = Int(magic & 0xFF)
        guard b.count >= 4 + 4 * rank else { throw DataError.malformed(path: path, reason: "truncated header") }
        let dims = (0..<rank).map { Int(u32(4 + 4 * $0)) }
        let start = 4 + 4 * rank
        guard b.count == start + dims.reduce(1, *) else {
            throw DataError.malformed(path: path, reason: "\(b.count - start) data bytes for dimensions \(dims)")
        }
        return (dims, Array(b[start...]))
    }
}
