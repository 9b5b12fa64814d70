#!/usr/bin/env python3
"""PyTorch eager + HF PEFT reference for `peftbench bench`: the same cases (lm, vit and minilm,
full fine-tuning and LoRA r=8 on q, v), the same architectures (pre-LN blocks, exact-erf GELU,
LayerNorm eps 1e-5, PyTorch-layout Linear weights), batches and AdamW, timed the same way
(every timed step after warm-up, and their median). Prints one JSON object per case.
The minilm cases are Hugging Face's own BertModel in all-MiniLM-L6-v2's configuration (random
weights, dropout off as in PEFTBench, default attention), mean-pooled, with a 26-way head; LoRA
targets query and value and the head trains (modules_to_save).

With --mode compiled the model (PEFT already attached) is wrapped in torch.compile (inductor, the
default mode) before the first step; the warm-up steps then include compilation, and their time is
reported apart as compile_ms (the first warm-up step, which traces and compiles; inductor's on-disk
cache makes later processes faster). At least one warm-up step runs in that mode.

Usage: torch_step_bench.py --threads 2 --steps 20 --warmup 3 [--cases lm-full,vit-lora] [--mode eager|compiled]
"""
import argparse, json, statistics, time

import torch
import torch.nn.functional as F

from peftbench_twins import LM, ViT


class MiniLMClassifier(torch.nn.Module):
    """BertModel (all-MiniLM-L6-v2's shape) → mean over tokens → head."""

    def __init__(self):
        super().__init__()
        from transformers import BertConfig, BertModel
        config = BertConfig(vocab_size=30522, hidden_size=384, num_hidden_layers=6, num_attention_heads=12,
                            intermediate_size=1536, max_position_embeddings=512, layer_norm_eps=1e-12,
                            hidden_act="gelu", hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
        self.bert = BertModel(config, add_pooling_layer=False)
        self.head = torch.nn.Linear(384, 26)

    def forward(self, ids):
        return self.head(self.bert(input_ids=ids).last_hidden_state.mean(1))


def make(case, compiled=False):
    backbone, tuning = case.split("-")
    torch.manual_seed(0)
    model = {"lm": LM, "vit": ViT, "minilm": MiniLMClassifier}[backbone]()
    if tuning == "lora":
        from peft import LoraConfig, get_peft_model
        targets = ["query", "value"] if backbone == "minilm" else ["q", "v"]
        cfg = LoraConfig(r=8, lora_alpha=16, target_modules=targets, lora_dropout=0.0,
                         modules_to_save=None if backbone == "lm" else ["head"])
        model = get_peft_model(model, cfg)
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4, weight_decay=0)
    net = torch.compile(model) if compiled else model
    if backbone == "minilm":
        x = torch.randint(1000, 30000, (32, 32))
        y = torch.randint(0, 26, (32,))
        loss_fn = lambda: F.cross_entropy(net(x), y)
        items = 32 * 32
    elif backbone == "lm":
        x = torch.randint(0, 256, (32, 64))
        y = torch.roll(x, -1, 1)
        loss_fn = lambda: F.cross_entropy(net(x).reshape(-1, 256), y.reshape(-1))
        items = 32 * 64
    else:
        x = torch.rand(64, 64)
        y = torch.randint(0, 10, (64,))
        loss_fn = lambda: F.cross_entropy(net(x), y)
        items = 64

    def step():
        opt.zero_grad(set_to_none=True)
        loss_fn().backward()
        opt.step()

    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return step, items, trainable


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--cases", default="lm-full,lm-lora,vit-full,vit-lora")
    ap.add_argument("--mode", choices=["eager", "compiled"], default="eager")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    compiled = args.mode == "compiled"
    for case in args.cases.split(","):
        step, items, trainable = make(case, compiled)
        warmup_ms = []
        for _ in range(max(args.warmup, 1 if compiled else 0)):
            t0 = time.perf_counter()
            step()
            warmup_ms.append((time.perf_counter() - t0) * 1000)
        times = []
        for _ in range(args.steps):
            t0 = time.perf_counter()
            step()
            times.append((time.perf_counter() - t0) * 1000)
        print(json.dumps({"case": case, "step_ms": statistics.median(times), "times_ms": times, "items": items,
                          "trainable": trainable, "torch": torch.__version__, "mode": args.mode,
                          "compile_ms": warmup_ms[0] if compiled else None,
                          "threads": torch.get_num_threads()}), flush=True)


if __name__ == "__main__":
    main()
