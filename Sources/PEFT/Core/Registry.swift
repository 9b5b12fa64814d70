// The registry: every method, by family (docs/METHODS.md is generated from it). Adding a method is its file plus one
// line here; the contract tests then cover it.

public let allMethods: [any PEFTMethod.Type] = [
    Full.self, Head.self, Frozen.self,
    BitFit.self, LNTuning.self, Partial.self, DiffPruning.self, FishMask.self, AttnOnly.self, ChildTuning.self,
    PaFi.self, LTSFT.self,
    RoCoFT.self, FAR.self,
    Houlsby.self, Pfeiffer.self, Parallel.self, ScaledParallel.self, Compacter.self, AdaptFormer.self, AdapterDrop.self,
    SparseAdapter.self, LST.self,
    PromptTuning.self, PTuning.self, VPTDeep.self, DePT.self, LatePromptTuning.self, XPrompt.self, PrefixTuning.self,
    PTuningV2.self,
    IA3.self, SSF.self, Propulsion.self,
    LoRA.self, RSLoRA.self, LoRAFA.self, LoRAPlus.self, DoRA.self, VeRA.self, LoHa.self, LoKr.self, PiSSA.self,
    OLoRA.self, DeltaLoRA.self, DyLoRA.self, SoRA.self, PeriodicLoRA.self, LoRADropout.self, SAID.self,
    AdaLoRA.self, OFT.self,
    BOFT.self, FourierFT.self,
    MAM.self, UniPELT.self, Unified.self, RoSA.self, ProPETL.self, S4.self, GLoRA.self,
    QLoRA.self, LoftQ.self, LQLoRA.self, QALoRA.self, PEQA.self, BitDelta.self,
    MoV.self, MoLoRA.self, MoSLoRA.self, AdaMix.self, HydraLoRA.self,
    AdapterFusion.self, SPoT.self,
]

/// The method type registered under `name`; an unknown name lists the valid ones.
public func methodType(named name: String) throws(MethodError) -> any PEFTMethod.Type {
    guard let m = allMethods.first(where: { $0.name == name }) else {
        throw .unknownMethod(name, valid: allMethods.map { $0.name })
    }
    return m
}

/// A configured method from its name and `key=value` options.
public func makeMethod(_ name: String, options: [String: String] = [:]) throws -> any PEFTMethod {
    try methodType(named: name).init(Options(method: name, options))
}
