#!/usr/bin/env python3
"""Load a `peftbench export` directory with Hugging Face PEFT and compare the outputs.

    python3 scripts/check_peft_export.py DIR

Builds the PyTorch twin of `vit` (scripts/torch_step_bench.py), loads base_model.safetensors
into it, attaches the adapter with PeftModel.from_pretrained, runs check_inputs through it and
compares with PEFTBench's outputs (check_outputs). Exit status 0 when they agree within 1e-4.
"""
import os
import sys

import torch
from peft import PeftModel
from safetensors.torch import load_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_step_bench import ViT  # noqa: E402


def main():
    d = sys.argv[1]
    base = load_file(os.path.join(d, "base_model.safetensors"))
    model = ViT(classes=base["head.weight"].shape[0])
    model.load_state_dict(base, strict=True)
    model = PeftModel.from_pretrained(model, d).eval()
    x = load_file(os.path.join(d, "check_inputs.safetensors"))["images"]
    expected = load_file(os.path.join(d, "check_outputs.safetensors"))["logits"]
    with torch.no_grad():
        got = model(x)
    diff = (got - expected).abs().max().item()
    print(f"{d}: max |PEFT − PEFTBench| = {diff:.3g} over {tuple(got.shape)} logits")
    sys.exit(0 if diff < 1e-4 else 1)


if __name__ == "__main__":
    main()
