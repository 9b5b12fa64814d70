// BitFit: only bias vectors train, b ← b + Δb. Zaken et al. 2021, arXiv 2106.10199.
// Trainable: scope=all: 11d per block (q,k,v,o 4d; up 4d; down d; ln1, ln2 2d) + ln_f.bias
// (+ patch.bias on vit); scope=linear: 9d per block (the block Linears' biases only).
// The base tensors are edited in place, so the result is already plain weights.

import NN

public final class BitFit: PEFTMethod {
    public static let name = "bitfit"
    public static let family = Family.selective
    public static let paper = "2106.10199"
    public static let formula = "all: 11dL + d (+ d patch); linear: 9dL"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 11 * s.d * s.L + s.d + (s.patchBias ? s.d : 0) }
    public static let mergeable = true
    let scope: String

    public init(_ options: Options) throws {
        scope = try options.choice("scope", default: "all", among: ["all", "linear"])
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        model.freeze()
        if scope == "all" {
            model.unfreeze("*.bias")
            if let output = model.outputLayerPattern { model.freeze(output) }  // the runner decides about the head
            model.freeze("time.*")  // the denoiser's time MLP is conditioning, not the backbone's biases
        } else {
            for (_, linear) in model.targetLinears(Targets.linears) { linear.bias?.requiresGrad = true }
        }
    }

    public func merge(_ model: Module) throws {}
}
