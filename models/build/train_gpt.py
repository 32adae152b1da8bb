"""Decoder build, step 2: trains one decoder (gpt or gpt-draft) on models/.cache/gpt/train.npy, measures
held-out perplexity against an add-k bigram baseline on exactly the same predicted tokens, writes greedy
sample continuations, and stages models/<name>/ (config.json, generation_config.json, tokenizer files,
quality.json, onnx/model.onnx at opset 17) plus a check file for verify_gpt.mjs.

Training: random windows of n_positions + 1 tokens from the packed train ids (records separated by
<|endoftext|>), AdamW, fixed seed and thread count. Two learning-rate schedules:
  cosine  linear warm-up, then cosine decay to 10% of the peak over all --steps;
  wsd     warm-up, then the peak held constant, then a linear decay to 0 over the last --decay-steps
          (warm-up / stable / decay). The stable part does not depend on --steps, so its checkpoints
          (weights, AdamW state and the batch generator's state, every --checkpoint-every steps, in
          models/.cache/gpt/<name>-wsd/) serve any longer or shorter run with the same settings: a run
          resumes from the latest checkpoint at or before its decay starts and gives the same weights
          as a run from scratch (same operations in the same order).
Bigram soft targets (--bigram-alpha a): the loss is (1 - w) * cross-entropy on the next token +
w * cross-entropy against the train set's bigram distribution P(. | current token) (maximum likelihood
counts of the train ids, nothing from the held-out ids), with w = a during the warm-up and the stable
phase and w falling with the learning rate to 0 at the end of the decay, so the last steps are pure
next-token cross-entropy. A count bigram sees all train pairs at once; as a soft target it hands the
decoder those statistics at every position instead of one sampled next token, which a CPU budget of a
few epochs cannot otherwise collect.
Continued training (--init-from-git COMMIT): instead of a random initialisation, training starts from
the weights of models/<name>/onnx/model.onnx as committed in COMMIT (read with `git show`, so a later
publish does not move the starting point); those weights are themselves the output of this script
with the settings recorded in that commit's models/<name>/quality.json.
The trained weights are cached in models/.cache/gpt/<name>.pt with their settings; a rerun with the
same settings and data skips training (--force retrains).

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


def subprocess_out(cmd):
    import subprocess
    return subprocess.run(cmd, cwd=MODELS, check=True, capture_output=True, text=True).stdout.strip()


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def batches(train, batch, length, rng):
    starts = rng.integers(0, len(train) - length - 1, size=batch)
    return torch.from_numpy(np.stack([train[s:s + length + 1] for s in starts]).astype(np.int64))


class BigramTargets:
    """CSR of the train ids' bigram distribution: row a holds P(b | a) = c(a, b) / c(a) for every b seen after a."""

    def __init__(self, train, vocab):
        t = train.astype(np.int64)
        uniq, counts = np.unique(t[:-1] * vocab + t[1:], return_counts=True)
        rows = uniq // vocab
        self.indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=vocab))])
        self.cols = torch.from_numpy(uniq % vocab)
        ctx = np.bincount(rows, weights=counts, minlength=vocab)
        self.probs = torch.from_numpy((counts / ctx[rows]).astype(np.float32))

    def loss(self, logp, ctx_ids):
        """Mean over positions of -sum_b P(b | a) log p(b); logp [n, vocab], ctx_ids [n] (numpy)."""
        starts, ends = self.indptr[ctx_ids], self.indptr[ctx_ids + 1]
        lengths = ends - starts
        row = np.repeat(np.arange(len(ctx_ids)), lengths)
        idx = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths) + np.arange(lengths.sum())
        idx = torch.from_numpy(idx)
        picked = logp[torch.from_numpy(row), self.cols[idx]]
        return -(self.probs[idx] * picked).sum() / len(ctx_ids)


def mixed_loss(model, ids, bigram, w):
    """(1 - w) * next-token cross-entropy + w * cross-entropy against the bigram soft targets."""
    if bigram is None or w == 0:
        return model.loss(ids)
    x, y = ids[:, :-1], ids[:, 1:]
    pos = torch.arange(x.shape[1]).unsqueeze(0).expand_as(x)
    logits, _ = model(x, torch.ones_like(x), pos)
    logp = F.log_softmax(logits.reshape(-1, logits.shape[-1]), dim=-1)
    hard = F.nll_loss(logp, y.reshape(-1))
    return (1 - w) * hard + w * bigram.loss(logp, x.reshape(-1).numpy()), hard


def load_onnx_weights(model, commit, name):
    """Loads models/<name>/onnx/model.onnx from git commit `commit` into model (export_onnx's layout:
    named initializers by name; the unnamed MatMul weights, transposed, in trace order qkv, proj, fc, fc_out)."""
    import subprocess

    import onnx
    from onnx import numpy_helper
    blob = subprocess.run(["git", "show", f"{commit}:models/{name}/onnx/model.onnx"], cwd=MODELS, check=True,
                          capture_output=True).stdout
    graph = onnx.load_from_string(blob).graph
    named = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    state = model.state_dict()
    loaded = set()
    for key in state:
        if f"model.{key}" in named:
            state[key] = torch.from_numpy(named[f"model.{key}"].copy())
            loaded.add(key)
    matmuls = sorted((n for n in named if n.startswith("onnx::MatMul_")), key=lambda n: int(n.split("_")[-1]))
    order = ["qkv", "proj", "fc", "fc_out"]
    if len(matmuls) != len(order) * model.config.n_layer:
        raise SystemExit(f"{commit}:models/{name}: expected {len(order) * model.config.n_layer} MatMul weights, found {len(matmuls)}")
    for i, n in enumerate(matmuls):
        key = f"blocks.{i // len(order)}.{order[i % len(order)]}.weight"
        w = torch.from_numpy(named[n].T.copy())
        if tuple(w.shape) != tuple(state[key].shape):
            raise SystemExit(f"{commit}:models/{name}: {n} has shape {tuple(w.shape)}, {key} needs {tuple(state[key].shape)}")
        state[key] = w
        loaded.add(key)
    missing = [k for k in state if k not in loaded]
    if missing:
        raise SystemExit(f"{commit}:models/{name}: no weights for {missing}")
    model.load_state_dict(state)


def lr_at(step, steps, peak, warmup, schedule="cosine", decay_steps=0):
    if step < warmup:
        return peak * (step + 1) / warmup
    if schedule == "wsd":
        return peak * min(1.0, (steps - step) / max(1, decay_steps))
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


def run_phase(model, train, steps, batch, peak_lr, warmup, seed, name, cfg, schedule="cosine", decay_steps=0,
              ckpt_dir=None, ckpt_key=None, ckpt_every=0, bigram=None, bigram_alpha=0.0):
    """One training phase (fresh AdamW); returns its summary. With schedule "wsd" and ckpt_dir, resumes
    from the latest stable-phase checkpoint at or before steps - decay_steps and writes new ones."""
    rng = np.random.default_rng(seed)
    opt = torch.optim.AdamW(model.parameters(), lr=peak_lr, betas=(0.9, 0.95), weight_decay=0.1)
    start, seconds_before, losses = 0, 0.0, []
    stable_end = steps - decay_steps
    if schedule == "wsd" and ckpt_dir:
        os.makedirs(ckpt_dir, exist_ok=True)
        found = []
        for f in os.listdir(ckpt_dir):
            if f.startswith("step-") and f.endswith(".pt") and int(f[5:-3]) <= stable_end:
                found.append(int(f[5:-3]))
        for at in sorted(found, reverse=True):
            saved = torch.load(os.path.join(ckpt_dir, f"step-{at}.pt"))
            if saved["key"] != ckpt_key:
                continue
            model.load_state_dict(saved["model"])
            opt.load_state_dict(saved["opt"])
            rng.bit_generator.state = saved["rng"]
            start, seconds_before, losses = at, saved["seconds"], saved["losses"]
            print(f"{name}: resuming the stable phase from step {at} ({ckpt_dir})", flush=True)
            break
    model.train()
    t0 = time.time() - seconds_before
    for step in range(start, steps):
        if schedule == "wsd" and ckpt_dir and ckpt_every and step > 0 and step % ckpt_every == 0 and step <= stable_end \
                and step > start:
            torch.save({"key": ckpt_key, "model": model.state_dict(), "opt": opt.state_dict(),
                        "rng": rng.bit_generator.state, "seconds": time.time() - t0, "losses": losses},
                       os.path.join(ckpt_dir, f"step-{step}.pt"))
        lr = lr_at(step, steps, peak_lr, warmup, schedule, decay_steps)
        for g in opt.param_groups:
            g["lr"] = lr
        w = bigram_alpha * (1.0 if step < warmup else lr / peak_lr) if bigram is not None else 0.0
        out = mixed_loss(model, batches(train, batch, cfg.n_positions, rng), bigram, w)
        loss, hard = out if isinstance(out, tuple) else (out, out)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses.append(float(hard))  # the next-token cross-entropy, comparable with and without soft targets
        if step % 50 == 0 or step == steps - 1:
            el = time.time() - t0
            print(f"{name} step {step} loss {np.mean(losses[-50:]):.3f} lr {opt.param_groups[0]['lr']:.2e} "
                  f"{el:.0f}s ({(step + 1 - start) / max(1e-9, el - seconds_before):.2f} steps/s)", flush=True)
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
    ap.add_argument("--schedule", choices=["cosine", "wsd"], default="cosine")
    ap.add_argument("--decay-steps", type=int, default=0, help="wsd: length of the final linear decay")
    ap.add_argument("--checkpoint-every", type=int, default=250, help="wsd: stable-phase checkpoint interval")
    ap.add_argument("--bigram-alpha", type=float, default=0.0,
                    help="weight of the train bigram soft targets (falls with the learning rate to 0 in the decay)")
    ap.add_argument("--init-from-git", metavar="COMMIT",
                    help="start from models/<name>/onnx/model.onnx as committed in COMMIT instead of random weights")
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
    if args.schedule != "cosine":
        settings.update(schedule=args.schedule, decay_steps=args.decay_steps)
    if args.bigram_alpha:
        settings.update(bigram_alpha=args.bigram_alpha)
    init_info = None
    if args.init_from_git:
        commit = subprocess_out(["git", "rev-parse", f"{args.init_from_git}^{{commit}}"])
        settings.update(init_from_git=commit)
        init_info = {"commit": commit, "quality": json.loads(subprocess_out(
            ["git", "show", f"{commit}:models/{args.name}/quality.json"]))}
    # What the stable phase depends on (not the total length): the key of the wsd checkpoints.
    ckpt_key = {k: v for k, v in settings.items() if k not in ("steps", "decay_steps")}
    model = Gpt(cfg)
    if args.init_from_git:
        load_onnx_weights(model, settings["init_from_git"], args.name)
    n_params = sum(p.numel() for p in model.parameters())
    ckpt = os.path.join(DATA, f"{args.name}.pt")
    if not args.force and os.path.exists(ckpt) and torch.load(ckpt)["settings"] == settings:
        saved = torch.load(ckpt)
        model.load_state_dict(saved["state"])
        train_info = saved["train_info"]
        print(f"{args.name}: weights up to date ({train_info['steps']} steps), skipping training")
    else:
        train_info = run_phase(model, train, args.steps, args.batch, args.lr, args.warmup, SEED, args.name, cfg,
                               args.schedule, args.decay_steps, os.path.join(DATA, f"{args.name}-wsd"), ckpt_key,
                               args.checkpoint_every,
                               BigramTargets(train, cfg.vocab_size) if args.bigram_alpha else None, args.bigram_alpha)
        if init_info:
            before = init_info["quality"]
            train_info = {**train_info, "steps": before["training"]["steps"] + train_info["steps"],
                          "seconds": before["training"]["seconds"] + train_info["seconds"],
                          "tokens_seen": before["training"]["tokens_seen"] + train_info["tokens_seen"],
                          "continued_from": {"commit": init_info["commit"], "training": before["training"],
                                             "hyper_parameters": before["hyper_parameters"],
                                             "heldout_perplexity": before["heldout_perplexity"]},
                          "this_run": {"steps": args.steps, "seconds": train_info["seconds"],
                                       "tokens_seen": train_info["tokens_seen"]}}
        if args.schedule == "wsd":
            train_info.update(schedule=f"warm-up {args.warmup}, constant {args.lr} to step {args.steps - args.decay_steps}, "
                                       f"linear decay to 0 over the last {args.decay_steps}")
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
                             "optimizer": "AdamW(0.9, 0.95), weight decay 0.1, clip 1.0", "threads": args.threads, "seed": SEED,
                             "schedule": args.schedule, **({"decay_steps": args.decay_steps} if args.schedule == "wsd" else {}),
                             **({"bigram_soft_target_weight": args.bigram_alpha} if args.bigram_alpha else {})},
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
