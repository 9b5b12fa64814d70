#!/usr/bin/env python3
"""PyTorch eager + HF PEFT reference for `peftbench bench`: the same four cases (lm and vit,
full fine-tuning and LoRA r=8 on q, v), the same architectures (pre-LN blocks, exact-erf GELU,
LayerNorm eps 1e-5, PyTorch-layout Linear weights), batches and AdamW, timed the same way
(every timed step after warm-up, and their median). Prints one JSON object per case.

Usage: torch_step_bench.py --threads 2 --steps 20 --warmup 3 [--cases lm-full,vit-lora] [--rounds 1]
"""
import argparse, json, math, statistics, time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Attention(nn.Module):
    def __init__(self, d, h, causal):
        super().__init__()
        self.q, self.k, self.v, self.o = (nn.Linear(d, d) for _ in range(4))
        self.h, self.causal = h, causal

    def forward(self, x):
        b, t, d = x.shape
        dh = d // self.h
        split = lambda y: y.view(b, t, self.h, dh).transpose(1, 2)
        q, k, v = split(self.q(x) / math.sqrt(dh)), split(self.k(x)), split(self.v(x))
        s = q @ k.transpose(-1, -2)
        if self.causal:
            s = s.masked_fill(torch.ones(t, t, dtype=torch.bool).triu(1), float("-inf"))
        return self.o((s.softmax(-1) @ v).transpose(1, 2).reshape(b, t, d))


class Block(nn.Module):
    def __init__(self, d, h, f, causal):
        super().__init__()
        self.ln1, self.attn, self.ln2 = nn.LayerNorm(d), Attention(d, h, causal), nn.LayerNorm(d)
        self.mlp = nn.Sequential()
        self.mlp.up, self.mlp.act, self.mlp.down = nn.Linear(d, f), nn.GELU(), nn.Linear(f, d)

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.mlp(self.ln2(x))


class LM(nn.Module):
    def __init__(self, v=256, t=64, d=128, depth=4, h=4):
        super().__init__()
        self.embed = nn.Embedding(v, d)
        self.pos = nn.Parameter(torch.randn(t, d) * 0.02)
        self.blocks = nn.ModuleList(Block(d, h, 4 * d, True) for _ in range(depth))
        self.ln_f, self.head = nn.LayerNorm(d), nn.Linear(d, v)

    def forward(self, ids):
        x = self.embed(ids) + self.pos[: ids.shape[1]]
        for b in self.blocks:
            x = b(x)
        return self.head(self.ln_f(x))


class ViT(nn.Module):
    def __init__(self, d=64, depth=4, h=4, classes=10):
        super().__init__()
        self.patch = nn.Linear(4, d)
        self.cls = nn.Parameter(torch.randn(d) * 0.02)
        self.pos = nn.Parameter(torch.randn(17, d) * 0.02)
        self.blocks = nn.ModuleList(Block(d, h, 4 * d, False) for _ in range(depth))
        self.ln_f, self.head = nn.LayerNorm(d), nn.Linear(d, classes)

    def forward(self, img):
        b = img.shape[0]
        p = img.view(b, 4, 2, 4, 2).permute(0, 1, 3, 2, 4).reshape(b, 16, 4)
        x = torch.cat([self.cls.expand(b, 1, -1), self.patch(p)], 1) + self.pos
        for blk in self.blocks:
            x = blk(x)
        return self.head(self.ln_f(x[:, 0]))


def make(case):
    backbone, tuning = case.split("-")
    torch.manual_seed(0)
    model = LM() if backbone == "lm" else ViT()
    if tuning == "lora":
        from peft import LoraConfig, get_peft_model
        cfg = LoraConfig(r=8, lora_alpha=16, target_modules=["q", "v"], lora_dropout=0.0,
                         modules_to_save=["head"] if backbone == "vit" else None)
        model = get_peft_model(model, cfg)
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4, weight_decay=0)
    if backbone == "lm":
        x = torch.randint(0, 256, (32, 64))
        y = torch.roll(x, -1, 1)
        loss_fn = lambda: F.cross_entropy(model(x).reshape(-1, 256), y.reshape(-1))
        items = 32 * 64
    else:
        x = torch.rand(64, 64)
        y = torch.randint(0, 10, (64,))
        loss_fn = lambda: F.cross_entropy(model(x), y)
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
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    for case in args.cases.split(","):
        step, items, trainable = make(case)
        for _ in range(args.warmup):
            step()
        times = []
        for _ in range(args.steps):
            t0 = time.perf_counter()
            step()
            times.append((time.perf_counter() - t0) * 1000)
        print(json.dumps({"case": case, "step_ms": statistics.median(times), "times_ms": times, "items": items,
                          "trainable": trainable, "torch": torch.__version__,
                          "threads": torch.get_num_threads()}), flush=True)


if __name__ == "__main__":
    main()
