"""Decoder build, step 2: trains one decoder (gpt or gpt-draft) on models/.cache/gpt/train.npy, measures
held-out perplexity against an add-k bigram baseline on exactly the same predicted tokens, writes greedy
sample continuations, and stages models/<name>/ (config.json, generation_config.json, tokenizer files,
quality.json, onnx/model.onnx at opset 17) plus a check file for verify_gpt.mjs.

Training: random windows of n_positions + 1 tokens from the packed train ids (records separated by
<|endoftext|>), AdamW, linear warm-up then cosine decay, fixed seed and thread count. The trained
weights are cached in models/.cache/gpt/<name>.pt with their settings; a rerun with the same settings
and data skips training (--force retrains).

Usage: /usr/bin/python3 models/build/train_gpt.py --name gpt --n-layer 4 --n-embd 192 --n-head 4 --steps 1500
"""
import argparse
import hashlib
import json
import os
import shutil
import sys
import time

import numpy as np
import torch
from torch.nn import functional as F

sys.path.insert(0, os.path.dirname(__file__))
from byte_bpe import ByteBPE  # noqa: E402
from gpt_model import Gpt, GptConfig, export_onnx  # noqa: E402

MODELS = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
CACHE = os.path.join(MODELS, ".cache")
DATA = os.path.join(CACHE, "gpt")
STAGING = os.environ.get("MODELS_STAGING", os.path.join(CACHE, "staging"))
SEED = 20261128

PROMPTS = {
    "en": ["The river flows", "A computer program is", "In the morning the king"],
    "zh": ["春风", "这个程序用于", "网络配置文件"],
}


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def batches(train, batch, length, rng):
    starts = rng.integers(0, len(train) - length - 1, size=batch)
    return torch.from_numpy(np.stack([train[s:s + length + 1] for s in starts]).astype(np.int64))


def lr_at(step, steps, peak, warmup):
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = (step - warmup) / max(1, steps - warmup)
    return peak * (0.1 + 0.9 * 0.5 * (1 + np.cos(np.pi * progress)))


def heldout_windows(ids, length):
    """Non-overlapping windows of length + 1 tokens (the last window may be shorter)."""
    out = []
    for s in range(0, len(ids) - 1, length):
        w = ids[s:s + length + 1]
        if len(w) >= 2:
            out.append(w.astype(np.int64))
    return out


@torch.no_grad()
def model_nll(model, windows):
    total, count = 0.0, 0
    for w in windows:
        x = torch.from_numpy(w)[None]
        total += float(model.loss(x)) * (len(w) - 1)
        count += len(w) - 1
    return total / count, count


def bigram_nll(train, windows, vocab, k):
    """Add-k bigram: P(b | a) = (c(a, b) + k) / (c(a) + k V), on the same targets as the model."""
    keys = train[:-1].astype(np.int64) * vocab + train[1:].astype(np.int64)
    uniq, counts = np.unique(keys, return_counts=True)
    ctx = np.bincount(train[:-1].astype(np.int64), minlength=vocab)
    a = np.concatenate([w[:-1] for w in windows])
    b = np.concatenate([w[1:] for w in windows])
    q = a * vocab + b
    pos = np.clip(np.searchsorted(uniq, q), 0, len(uniq) - 1)
    c = np.where(uniq[pos] == q, counts[pos], 0)
    p = (c + k) / (ctx[a] + k * vocab)
    return float(-np.log(p).mean()), len(q)


def unigram_nll(train, windows, vocab):
    """Add-1 unigram on the same targets."""
    counts = np.bincount(train.astype(np.int64), minlength=vocab) + 1.0
    b = np.concatenate([w[1:] for w in windows])
    return float(-np.log(counts[b] / counts.sum()).mean())


@torch.no_grad()
def greedy(model, ids, new_tokens, eos):
    """Greedy decoding through the cache path (prefill once, then one token per step)."""
    x = torch.tensor([ids])
    mask = torch.ones_like(x)
    logits, past = model(x, mask, torch.arange(len(ids))[None], None)
    out = []
    for _ in range(new_tokens):
        nxt = int(logits[0, -1].argmax())
        out.append(nxt)
        if nxt == eos or len(ids) + len(out) >= model.config.n_positions:
            break
        mask = torch.ones(1, len(ids) + len(out), dtype=torch.long)
        logits, past = model(torch.tensor([[nxt]]), mask, torch.tensor([[len(ids) + len(out) - 1]]), past)
    return out


@torch.no_grad()
def onnx_check_cases(model, bpe):
    """Inputs and torch outputs for verify_gpt.mjs: a full pass, and a left-padded batch."""
    c = model.config
    texts = ["The river flows into the sea.", "网络配置文件位于 /etc/network/interfaces。"]
    rows = [bpe.encode(t) for t in texts]
    cases = []
    for ids in rows:
        x = torch.tensor([ids])
        logits, _ = model(x, torch.ones_like(x), torch.arange(len(ids))[None], None)
        cases.append({"input_ids": [ids], "logits": logits[0].tolist()})
    # Left-padded batch: row 0 shorter, padded with eos on the left.
    n = max(len(r) for r in rows)
    ids = [[bpe.eos_id] * (n - len(r)) + r for r in rows]
    mask = [[0] * (n - len(r)) + [1] * len(r) for r in rows]
    pos = [[max(0, i - (n - len(r))) for i in range(n)] for r in rows]
    logits, _ = model(torch.tensor(ids), torch.tensor(mask), torch.tensor(pos), None)
    padded = {"input_ids": ids, "attention_mask": mask, "position_ids": pos, "logits": logits.tolist()}
    return {"n_layer": c.n_layer, "n_head": c.n_head, "head_dim": c.n_embd // c.n_head, "eos_id": bpe.eos_id,
            "full": cases, "padded": padded}


def run_phase(model, train, steps, batch, peak_lr, warmup, seed, name, cfg):
    """One training phase (fresh AdamW, warm-up then cosine decay to 10%); returns its summary."""
    rng = np.random.default_rng(seed)
    opt = torch.optim.AdamW(model.parameters(), lr=peak_lr, betas=(0.9, 0.95), weight_decay=0.1)
    model.train()
    t0 = time.time()
    losses = []
    for step in range(steps):
        for g in opt.param_groups:
            g["lr"] = lr_at(step, steps, peak_lr, warmup)
        loss = model.loss(batches(train, batch, cfg.n_positions, rng))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses.append(float(loss))
        if step % 50 == 0 or step == steps - 1:
            el = time.time() - t0
            print(f"{name} step {step} loss {np.mean(losses[-50:]):.3f} {el:.0f}s ({(step + 1) / el:.2f} steps/s)", flush=True)
    return {"steps": steps, "seconds": round(time.time() - t0), "final_train_loss": round(float(np.mean(losses[-100:])), 4),
            "tokens_seen": steps * batch * cfg.n_positions}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--n-layer", type=int, default=4)
    ap.add_argument("--n-head", type=int, default=4)
    ap.add_argument("--n-embd", type=int, default=192)
    ap.add_argument("--n-positions", type=int, default=256)
    ap.add_argument("--steps", type=int, default=1500)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--extra-steps", type=int, default=0,
                    help="second phase: continue from the trained weights with a fresh AdamW for N more steps")
    ap.add_argument("--extra-lr", type=float, default=1e-3)
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    bpe = ByteBPE.load(os.path.join(DATA, "tokenizer.json"))
    train = np.load(os.path.join(DATA, "train.npy"))
    heldout = np.load(os.path.join(DATA, "heldout.npy"))
    cfg = GptConfig(vocab_size=len(bpe.vocab), n_layer=args.n_layer, n_head=args.n_head, n_embd=args.n_embd,
                    n_positions=args.n_positions)
    settings = {"config": cfg.to_dict(), "steps": args.steps, "batch": args.batch, "lr": args.lr,
                "warmup": args.warmup, "threads": args.threads, "seed": SEED,
                "data": sha256_file(os.path.join(DATA, "train.npy"))}
    model = Gpt(cfg)
    n_params = sum(p.numel() for p in model.parameters())
    ckpt = os.path.join(DATA, f"{args.name}.pt")
    if not args.force and os.path.exists(ckpt) and torch.load(ckpt)["settings"] == settings:
        saved = torch.load(ckpt)
        model.load_state_dict(saved["state"])
        train_info = saved["train_info"]
        print(f"{args.name}: weights up to date ({train_info['steps']} steps), skipping training")
    else:
        train_info = run_phase(model, train, args.steps, args.batch, args.lr, args.warmup, SEED, args.name, cfg)
        torch.save({"settings": settings, "state": model.state_dict(), "train_info": train_info}, ckpt)
    if args.extra_steps > 0:
        settings2 = {**settings, "extra_steps": args.extra_steps, "extra_lr": args.extra_lr}
        ckpt2 = os.path.join(DATA, f"{args.name}-extra.pt")
        if not args.force and os.path.exists(ckpt2) and torch.load(ckpt2)["settings"] == settings2:
            saved = torch.load(ckpt2)
            model.load_state_dict(saved["state"])
            train_info = saved["train_info"]
            print(f"{args.name}: phase-2 weights up to date, skipping training")
        else:
            extra = run_phase(model, train, args.extra_steps, args.batch, args.extra_lr, 20, SEED + 1, args.name, cfg)
            train_info = {"steps": train_info["steps"] + extra["steps"], "seconds": train_info["seconds"] + extra["seconds"],
                          "final_train_loss": extra["final_train_loss"],
                          "tokens_seen": train_info["tokens_seen"] + extra["tokens_seen"],
                          "phases": [{k: v for k, v in train_info.items() if k != "phases"},
                                     {**extra, "peak_lr": args.extra_lr, "note": "fresh AdamW, warm-up 20, cosine to 10%"}]}
            torch.save({"settings": settings2, "state": model.state_dict(), "train_info": train_info}, ckpt2)
    model.eval()

    windows = heldout_windows(heldout, cfg.n_positions)
    nll, n_tokens = model_nll(model, windows)
    bigram = {}
    for k in (0.01, 0.03, 0.1, 0.3, 1.0):
        bigram[k] = bigram_nll(train, windows, cfg.vocab_size, k)[0]
    # k is chosen on a dev slice of the train ids (last 2%), not on the held-out tokens.
    cut = int(len(train) * 0.98)
    dev_windows = heldout_windows(train[cut:], cfg.n_positions)
    k_best = min(bigram, key=lambda k: bigram_nll(train[:cut], dev_windows, cfg.vocab_size, k)[0])
    samples = []
    for lang, prompts in PROMPTS.items():
        for p in prompts:
            ids = bpe.encode(p)
            out = greedy(model, ids, 40, bpe.eos_id)
            samples.append({"lang": lang, "prompt": p, "continuation": bpe.decode([i for i in out if i != bpe.eos_id]),
                            "ended_with_eos": bool(out and out[-1] == bpe.eos_id)})
    quality = {
        "model": args.name,
        "architecture": f"decoder-only Transformer, {cfg.n_layer} layer(s), d_model {cfg.n_embd}, {cfg.n_head} heads, "
                        f"MLP {4 * cfg.n_embd}, learned positions ({cfg.n_positions}), pre-LayerNorm, tied embeddings",
        "parameters": n_params,
        "hyper_parameters": {**cfg.to_dict(), "batch": args.batch, "peak_lr": args.lr, "warmup": args.warmup,
                             "optimizer": "AdamW(0.9, 0.95), weight decay 0.1, clip 1.0", "threads": args.threads, "seed": SEED},
        "training": train_info,
        "heldout_tokens": n_tokens,
        "heldout_perplexity": round(float(np.exp(nll)), 2),
        "bigram_k": k_best,
        "bigram_heldout_perplexity": round(float(np.exp(bigram[k_best])), 2),
        "bigram_perplexity_by_k": {str(k): round(float(np.exp(v)), 2) for k, v in bigram.items()},
        "unigram_heldout_perplexity": round(float(np.exp(unigram_nll(train, windows, cfg.vocab_size))), 2),
        "samples": samples,
    }
    print(json.dumps({k: quality[k] for k in ("parameters", "training", "heldout_perplexity", "bigram_heldout_perplexity")}))
    for s in samples:
        print(f"  [{s['lang']}] {s['prompt']!r} -> {s['continuation']!r}")

    out = os.path.join(STAGING, args.name)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.join(out, "onnx"))
    export_onnx(model, os.path.join(out, "onnx", "model.onnx"))
    config = {
        "model_type": "gpt2", "architectures": ["GPT2LMHeadModel"],
        "vocab_size": cfg.vocab_size, "n_layer": cfg.n_layer, "n_head": cfg.n_head, "n_embd": cfg.n_embd,
        "n_positions": cfg.n_positions, "n_ctx": cfg.n_positions, "max_length": cfg.n_positions,
        "n_inner": 4 * cfg.n_embd, "head_dim": cfg.n_embd // cfg.n_head,
        "num_hidden_layers": cfg.n_layer, "num_attention_heads": cfg.n_head, "hidden_size": cfg.n_embd,
        "max_position_embeddings": cfg.n_positions,
        "activation_function": "gelu", "layer_norm_epsilon": 1e-5, "tie_word_embeddings": True, "use_cache": True,
        "bos_token_id": bpe.eos_id, "eos_token_id": bpe.eos_id, "pad_token_id": bpe.eos_id,
    }
    gen = {"bos_token_id": bpe.eos_id, "eos_token_id": bpe.eos_id, "pad_token_id": bpe.eos_id,
           "max_length": cfg.n_positions, "do_sample": False}
    for name, data in (("config.json", config), ("generation_config.json", gen), ("quality.json", quality)):
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2, ensure_ascii=False)
            f.write("\n")
    for name in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        shutil.copyfile(os.path.join(DATA, name), os.path.join(out, name))
    with open(os.path.join(CACHE, f"onnx-check-{args.name}.json"), "w") as f:
        json.dump(onnx_check_cases(model, bpe), f)
    print(f"staged {out}")


if __name__ == "__main__":
    main()
