// GLoRA: each target Linear becomes W = W₀ + W₀ ⊙ A + B, b = b₀ + b₀ ⊙ D + E + W₀C, every support
// tensor in one of several forms chosen per layer: A, B low-rank (A_d A_u, A_d (out, r), A_u
// (r, in)), vector (A_d's first column, (out, 1)), scalar (A_d's first entry) or none; C (in, 1)
// low-rank (C_d C_u, C_d (in, r), C_u (r, 1)), vector or none; D, E (out) vector, scalar or none.
// One supernet holds the largest forms; training draws every layer's forms afresh at each
// forward pass; after training an evolutionary search (EvolutionarySearch) on the validation loss,
// under a parameter budget, fixes them, and the result merges into W and b. Down factors start at
// 0 and up factors Xavier-uniform (the authors' code), so step 0 is the base in every form.
// Chavan et al. 2023, arXiv 2306.07967.
// Trainable (the supernet): per target 2r(in + out) + r(in + 1) + 2·out: (110d + 22h + 24)L at
// r = 4 on all block Linears. Merges.
// Measured (seed 0, digits-ddpm, its searched rate 1e-3, Fréchet ↓): supernet + search 34.7; the
// supernet's largest forms, unsearched (`search=false`) 29.3; the largest forms trained alone
// (`sample=false search=false`) 24.4; LoRA r = 4 on the same Linears 16.1. At our 150–300 steps
// both the sampled training and the search on the validation loss cost quality.

import NN
import Tensor

public final class GLoRA: PEFTMethod {
    public static let name = "glora"
    public static let family = Family.hybrid
    public static let paper = "2306.07967"
    public static let formula = "2r(in + out) + r(in + 1) + 2·out per target (the supernet): (110d + 22h + 24)L"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { s.L * (110 * s.d + 22 * s.hidden + 24) }
    public static let mergeable = true
    public static let rankOption: String? = "r"
    public static let departures = [
        "The search scores candidates by the validation loss (at most 256 examples) rather than validation accuracy, and is smaller: population 16, 6 generations, 4 parents (the authors': 50, 20, 10)",
        "The chosen forms keep their supernet weights, as the authors' code does (no retraining); trainable_params counts the supernet that trained, the extras' chosen_params the subnet that is deployed",
        "The budget is a fraction of the supernet's parameters (default 0.6), where the authors give an absolute limit (1.0M on ViT-B), so one setting serves every backbone",
        "train_seconds is the training alone; the search's seconds and evaluations are in the extras, and T3's time column adds them",
    ]

    let lowRank: LowRankOptions
    let budget: Double
    let population: Int, generations: Int
    /// false: training keeps the largest forms instead of drawing them; `search` false keeps the
    /// largest forms after training (ablations of the supernet and of the search).
    let sample: Bool, searches: Bool
    private var seed: UInt64 = 0
    private var chosenLoss: Double?

    public init(_ options: Options) throws {
        lowRank = try LowRankOptions(options, rank: 4, alpha: nil, targets: ["all-linear"])
        budget = Double(try options.float("budget", default: 0.6, in: 0...1))
        population = try options.int("population", default: 16, in: 2...10_000)
        generations = try options.int("generations", default: 6, in: 0...1_000)
        sample = try options.bool("sample", default: true)
        searches = try options.bool("search", default: true)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        self.seed = seed
        var rng = RNG(seed: seed)
        let sampler = Sampler(seed: seed ^ 0x5A3B, enabled: sample)
        model.freeze()
        try lowRank.attach(model, method: Self.name) { linear in
            guard linear.bias != nil else {
                throw MethodError.unsupported(
                    method: Self.name, reason: "a target has no bias for D, E and C to act on")
            }
            return Hook(
                inFeatures: linear.inFeatures, outFeatures: linear.outFeatures, rank: lowRank.rank, sampler: sampler,
                rng: &rng)
        }
    }

    /// Parameters of one layer's chosen forms (the authors' count: low-rank r(out + in), C's
    /// r(in + 1); vector out, C's in; scalar 1).
    static func cost(_ forms: [Int], in n: Int, out m: Int, rank r: Int) -> Int {
        zip(Hook.forms, forms).enumerated().map { k, pair in
            let isC = k == 2
            return switch pair.0[pair.1] {
            case .lowRank: isC ? r * (n + 1) : r * (m + n)
            case .vector: isC ? n : m
            case .scalar: 1
            case .none: 0
            }
        }.reduce(0, +)
    }

    public func search(_ model: Module, score: () -> Double) throws -> Int {
        guard searches else { return 0 }
        let layers = hooks(model, Hook.self)
        let genes = Hook.forms.count
        let cost = { (genome: [Int]) in
            layers.enumerated().map { i, t in
                Self.cost(
                    Array(genome[(i * genes)..<((i + 1) * genes)]), in: t.linear.inFeatures, out: t.linear.outFeatures,
                    rank: self.lowRank.rank)
            }.reduce(0, +)
        }
        let limit = budget * Double(cost([Int](repeating: 0, count: layers.count * genes)))
        let search = EvolutionarySearch(
            arity: layers.flatMap { _ in Hook.forms.map(\.count) }, population: population, generations: generations,
            parents: 4, mutation: 0.2)
        func set(_ genome: [Int]) {
            for (i, t) in layers.enumerated() { t.hook.choice = Array(genome[(i * genes)..<((i + 1) * genes)]) }
        }
        let result = search.run(seed: seed ^ 0xE70, legal: { Double(cost($0)) <= limit }) {
            set($0); return score()
        }
        set(result.best)
        chosenLoss = result.score
        return result.evaluations
    }

    /// The chosen subnet's size and loss, and how often each form was chosen.
    public func extras(_ model: Module) -> [(name: String, value: Double)] {
        let layers = hooks(model, Hook.self)
        let chosen = layers.map {
            Self.cost($0.hook.choice, in: $0.linear.inFeatures, out: $0.linear.outFeatures, rank: lowRank.rank)
        }
        let picks = layers.flatMap { h in zip(Hook.forms, h.hook.choice).map { $0.0[$0.1] } }
        var out: [(String, Double)] = [("chosen_params", Double(chosen.reduce(0, +)))]
        if let chosenLoss { out.append(("search_val_loss", chosenLoss)) }
        for f in [Hook.Form.lowRank, .vector, .scalar, .none] {
            out.append(("share_\(f)", Double(picks.filter { $0 == f }.count) / Double(Swift.max(1, picks.count))))
        }
        return out
    }

    /// What a task deploys: the chosen forms' tensors only (the head is added by the runner).
    public func storedTensors(_ model: Module) -> [String: Tensor]? {
        var out: [String: Tensor] = [:]
        for (path, _, h) in hooks(model, Hook.self) {
            for (k, t) in h.chosenTensors() { out["\(path).hook.\(k)"] = t.detached() }
        }
        return out
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }
}
