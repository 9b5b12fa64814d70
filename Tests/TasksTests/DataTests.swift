// The data layer: loader counts and class balance, the 8x8 reduction on a known image, WordNet
// parsing, the seeded stratified split, and errors that name the file and the Debian package.

import Foundation
import Tasks
import Testing

@Suite struct DataTests {
    @Test func optdigitsCountsAndRange() throws {
        let d = try Optdigits.load()
        #expect(d.count == 1_797)
        let perClass = Dictionary(grouping: d.labels, by: { $0 }).mapValues(\.count)
        #expect(perClass.count == 10 && perClass.values.allSatisfy { (174...183).contains($0) })
        #expect(d.pixels.allSatisfy { (0...16).contains($0) })
        #expect(Array(d.pixels.prefix(8)) == [0, 0, 5, 13, 9, 1, 0, 0] && d.labels[0] == 0)
    }

    @Test func reductionOfAKnownImage() {
        // An all-white 28x28 image: padded to 32x32, each 4x4 block counts its white pixels.
        var out = [Float](repeating: -1, count: 64)
        FashionMNIST.reduceTo8x8(ArraySlice([UInt8](repeating: 255, count: 784)), into: &out, at: 0)
        #expect(out[0] == 4 && out[7] == 4 && out[63] == 4)  // corners: 2x2 of 16 pixels are image
        #expect(out[1] == 8 && out[8] == 8)  // edges: 2x4
        #expect(out[9] == 16 && out[36] == 16)  // interior: all 16
        // A single bright pixel at (0, 0) of the image sits at (2, 2) of the padded grid: block 0.
        var one = [UInt8](repeating: 0, count: 784)
        one[0] = 255
        FashionMNIST.reduceTo8x8(ArraySlice(one), into: &out, at: 0)
        #expect(out[0] == 1 && out.dropFirst().allSatisfy { $0 == 0 })
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: FashionMNIST.directory)))
    func fashionCountsAndBalance() throws {
        let test = try FashionMNIST.load(train: false)
        #expect(test.count == 10_000)
        let perClass = Dictionary(grouping: test.labels, by: { $0 }).mapValues(\.count)
        #expect(perClass.count == 10 && perClass.values.allSatisfy { $0 == 1_000 })
        #expect(test.pixels.allSatisfy { (0...16).contains($0) })
    }

    @Test func missingDataNamesThePackageAndPath() {
        #expect(
            throws: DataError.missing(path: "/nonexistent/t10k-images-idx3-ubyte.gz", package: "dataset-fashion-mnist")
        ) {
            try FashionMNIST.load(train: false, directory: "/nonexistent")
        }
        #expect(throws: DataError.missing(path: "/nonexistent/data.noun", package: "wordnet-base")) {
            try WordNet.synsets("noun", directory: "/nonexistent")
        }
        #expect(
            "\(DataError.missing(path: "/x", package: "wordnet-base"))"
                == "missing data file /x: install it with `apt-get install wordnet-base`")
    }

    @Test func malformedFilesAreNamed() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peftbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("digits.csv.gz").path
        try Data("1,2,3\n".utf8).write(to: URL(fileURLWithPath: path))  // plain text reads as gzip's "transparent" mode
        #expect(
            throws: DataError.malformed(path: path, reason: "line 1: expected 64 values in 0…16 and a label in 0…9")
        ) {
            try Optdigits.load(path)
        }
    }

    @Test func wordNetLineParsing() throws {
        let line: Substring =
            "02084071 05 n 02 dog 0 domestic_dog 0 001 @ 02083346 n 0000 | a member of the genus Canis; \"the dog barked all night\""
        let s = try #require(WordNet.parse(line))
        #expect(s.offset == 2_084_071 && s.lexFile == 5)
        #expect(s.words == ["dog", "domestic dog"])
        #expect(s.definition == "a member of the genus Canis")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: WordNet.directory)))
    func wordNetNounsSkipTheLicense() throws {
        let nouns = try WordNet.synsets("noun")
        #expect(nouns.count == 82_115)  // WordNet 3.0
        #expect(nouns.allSatisfy { (3...28).contains($0.lexFile) && !$0.words.isEmpty && !$0.gloss.isEmpty })
    }

    @Test func stratifiedSplitIsFixedAndBalanced() {
        let labels = (0..<300).map { $0 % 3 } + [0, 0, 1]
        let a = Split.stratified(labels: labels, testFraction: 0.2, seed: 7)
        let b = Split.stratified(labels: labels, testFraction: 0.2, seed: 7)
        let c = Split.stratified(labels: labels, testFraction: 0.2, seed: 8)
        #expect(a.train == b.train && a.test == b.test && a.test != c.test)
        #expect(Set(a.train).isDisjoint(with: a.test) && a.train.count + a.test.count == labels.count)
        // ⌈0.2·303⌉ = 61 test places: ⌊0.2·n⌋ = 20 each for sizes 102, 101, 100, and the one left
        // goes to class 0, whose remainder (0.4) is the largest.
        #expect((0..<3).map { k in a.test.filter { labels[$0] == k }.count } == [21, 20, 20])
    }
}

@Suite struct Nouns8Tests {
    @Test(.enabled(if: FileManager.default.fileExists(atPath: WordNet.directory)))
    func balancedFixedAndWithoutLemmas() throws {
        let a = try Nouns8.load(), b = try Nouns8.load(), c = try Nouns8.load(seed: 9)
        #expect(a.count == 3_200 && a == b && a != c)
        let perClass = Dictionary(grouping: a, by: \.label).mapValues(\.count)
        #expect(perClass.count == 8 && perClass.values.allSatisfy { $0 == 400 })
        #expect(Set(a.map(\.synset)).count == 3_200)
        // Inputs are definitions only: no example sentences, no "lemma:" prefix.
        let nouns = Dictionary(uniqueKeysWithValues: try WordNet.synsets("noun").map { ($0.offset, $0) })
        for e in a {
            let s = try #require(nouns[e.synset])
            #expect(e.text == s.definition && !e.text.contains("; \"") && !e.text.hasPrefix(s.words[0] + ":"))
        }
    }
}
