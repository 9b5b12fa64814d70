// An evolutionary search over discrete genomes (gene g takes one of arity[g] values), as the
// searched designs run it (GLoRA; the authors' code follows SPOS): a random legal population,
// then each generation's children, half mutants (each gene of a parent re-drawn with probability
// `mutation`) and half crossovers (each gene from one of two parents), parents drawn from the
// `parents` best genomes scored so far. Lower scores are better (NaN counts as +∞); no genome
// is scored twice; ties go to the genome scored first, so a seed fixes the result.

import Tensor

struct EvolutionarySearch {
    let arity: [Int]
    let population: Int, generations: Int, parents: Int
    let mutation: Float

    /// The best genome, its score, and how many genomes were scored.
    func run(seed: UInt64, legal: ([Int]) -> Bool, score: ([Int]) -> Double) -> (
        best: [Int], score: Double, evaluations: Int
    ) {
        var rng = RNG(seed: seed)
        var scores: [[Int]: Double] = [:]
        var scored: [[Int]] = []  // in the order they were scored
        func draw(_ g: Int) -> Int { Int(rng.next() % UInt64(arity[g])) }
        func consider(_ genome: [Int]) {
            guard scores[genome] == nil, legal(genome) else { return }
            let s = score(genome)
            scores[genome] = s.isFinite ? s : .infinity  // a NaN would break the ordering
            scored.append(genome)
        }
        func best(_ k: Int) -> [[Int]] {
            scored.enumerated().sorted { (scores[$0.element]!, $0.offset) < (scores[$1.element]!, $1.offset) }
                .prefix(k).map(\.element)
        }
        // Each round stops after `population` new genomes or 20 × as many attempts (a small space).
        var attempts = 0
        while scored.count < population && attempts < 20 * population {
            consider(arity.indices.map(draw))
            attempts += 1
        }
        for _ in 0..<generations where !scored.isEmpty {
            let top = best(parents), start = scored.count
            attempts = 0
            while scored.count - start < population && attempts < 20 * population {
                let a = top[Int(rng.next() % UInt64(top.count))]
                if attempts % 2 == 0 {
                    consider(a.indices.map { rng.uniform() < mutation ? draw($0) : a[$0] })
                } else {
                    let b = top[Int(rng.next() % UInt64(top.count))]
                    consider(a.indices.map { rng.uniform() < 0.5 ? a[$0] : b[$0] })
                }
                attempts += 1
            }
        }
        guard let winner = best(1).first else { return (arity.map { _ in 0 }, .infinity, 0) }
        return (winner, scores[winner]!, scored.count)
    }
}
