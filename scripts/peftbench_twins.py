"""PyTorch twins of PEFTBench's backbones: the same architectures (pre-LN blocks, exact-erf GELU,
LayerNorm eps 1e-5, PyTorch-layout Linear weights) under the same parameter names, so weights
and adapters written by `peftbench export` load into them unchanged.

- `LM`, `ViT`: plain modules (the `peftbench bench` reference and the LoRA-family export check).
- `LMForSequenceClassification`: `lm` with a classifier on the last real token, as a Hugging Face
  `PreTrainedModel` (needs `transformers`), because PEFT attaches prompt tuning and prefix tuning
  only to such models. Like PEFTBench's `lm`, prompt tokens carry no position embedding (the text
  keeps positions 0…T−1, so the 64-byte context is never exceeded) and prefix keys and values do
  not shift the text's positions.
"""
import math

import torch
import torch.nn as nn


class Attention(nn.Module):
    def __init__(self, d, h, causal):
        super().__init__()
        self.q, self.k, self.v, self.o = (nn.Linear(d, d) for _ in range(4))
        self.h, self.causal = h, causal

    def forward(self, x, prefix=None):
        """x (B, T, D); prefix: optional keys and values (B, H, l, D/H) that every query sees."""
        b, t, d = x.shape
        dh = d // self.h
        split = lambda y: y.view(b, t, self.h, dh).transpose(1, 2)
        q, k, v = split(self.q(x) / math.sqrt(dh)), split(self.k(x)), split(self.v(x))
        l = 0
        if prefix is not None:
            k, v = torch.cat([prefix[0], k], 2), torch.cat([prefix[1], v], 2)
            l = prefix[0].shape[2]
        s = q @ k.transpose(-1, -2)
        if self.causal:
            s = s.masked_fill(torch.ones(t, l + t, dtype=torch.bool).triu(l + 1), float("-inf"))
        return self.o((s.softmax(-1) @ v).transpose(1, 2).reshape(b, t, d))


class Block(nn.Module):
    def __init__(self, d, h, f, causal):
        super().__init__()
        self.ln1, self.attn, self.ln2 = nn.LayerNorm(d), Attention(d, h, causal), nn.LayerNorm(d)
        self.mlp = nn.Sequential()
        self.mlp.up, self.mlp.act, self.mlp.down = nn.Linear(d, f), nn.GELU(), nn.Linear(f, d)

    def forward(self, x, prefix=None):
        x = x + self.attn(self.ln1(x), prefix)
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


try:
    from transformers import PretrainedConfig, PreTrainedModel
    from transformers.modeling_outputs import SequenceClassifierOutput
except ImportError:  # the benchmark needs only the plain twins
    PreTrainedModel = None

if PreTrainedModel is not None:

    class LMConfig(PretrainedConfig):
        """`prompt_tokens`: how many leading rows of `inputs_embeds` are prompt tokens (PEFT prompt
        tuning passes them that way); they get no position embedding."""
        model_type = "peftbench-lm"

        def __init__(self, vocab_size=256, max_position_embeddings=64, hidden_size=128, num_hidden_layers=4,
                     num_attention_heads=4, prompt_tokens=0, **kwargs):
            self.vocab_size, self.max_position_embeddings = vocab_size, max_position_embeddings
            self.hidden_size, self.num_hidden_layers = hidden_size, num_hidden_layers
            self.num_attention_heads, self.prompt_tokens = num_attention_heads, prompt_tokens
            super().__init__(**kwargs)

    class LMForSequenceClassification(PreTrainedModel):
        """`lm` with a classifier (`head`) on the features of each sequence's last real token
        (the last 1 of `attention_mask`, right padding), as in PEFTBench's nouns8 task."""
        config_class = LMConfig

        def __init__(self, config):
            super().__init__(config)
            d = config.hidden_size
            self.embed = nn.Embedding(config.vocab_size, d)
            self.pos = nn.Parameter(torch.zeros(config.max_position_embeddings, d))
            self.blocks = nn.ModuleList(Block(d, config.num_attention_heads, 4 * d, True)
                                        for _ in range(config.num_hidden_layers))
            self.ln_f, self.head = nn.LayerNorm(d), nn.Linear(d, config.num_labels)

        def get_input_embeddings(self):
            return self.embed

        def forward(self, input_ids=None, attention_mask=None, inputs_embeds=None, past_key_values=None,
                    labels=None, return_dict=None, **kwargs):
            x = self.embed(input_ids) if inputs_embeds is None else inputs_embeds
            p = self.config.prompt_tokens if inputs_embeds is not None else 0
            t = x.shape[1] - p
            x = torch.cat([x[:, :p], x[:, p:] + self.pos[:t]], 1)
            # PEFT's prefix: a transformers Cache (iterating gives keys, values, …) or legacy pairs.
            prefixes = [tuple(kv[:2]) for kv in past_key_values] if past_key_values is not None else None
            for i, blk in enumerate(self.blocks):
                x = blk(x, prefixes[i] if prefixes else None)
            x = self.ln_f(x[:, p:])
            # PEFT prepends ones for its virtual tokens; the text's mask is the last t columns.
            last = (attention_mask[:, -t:].sum(1).long() - 1).clamp(min=0) if attention_mask is not None \
                else torch.full((x.shape[0],), t - 1)
            logits = self.head(x[torch.arange(x.shape[0]), last])
            loss = nn.functional.cross_entropy(logits, labels) if labels is not None else None
            return SequenceClassifierOutput(loss=loss, logits=logits)
