"""Decoder build, step 1: splits the extracted corpus (models/.cache/corpus/, see extract-corpus.mjs)
into train and held-out records, trains the byte-level BPE (byte_bpe.py) on the train records, writes
the tokenizer files for gpt and gpt-draft, and encodes both splits into models/.cache/gpt/{train,heldout}.npy
(uint16 ids; every record is followed by <|endoftext|>).

Held-out: a record is held out when md5(text) % 40 == 0 (identical records share a split), in every
source. Deterministic: sources are read in a fixed order and the trainer breaks ties by id.

Usage: /usr/bin/python3 models/build/prepare_gpt_data.py [--vocab-size 8192]
"""
import argparse
import hashlib
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from byte_bpe import EOS, ByteBPE, train  # noqa: E402

MODELS = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
CACHE = os.path.join(MODELS, ".cache")
OUT = os.path.join(CACHE, "gpt")
SOURCES = ["wordnet.txt", "fortunes-zh.txt", "manpages-zh.txt", "docs-zh.txt", "debref.tsv"]


def records():
    """(source, text, heldout) in a fixed order."""
    for name in SOURCES:
        with open(os.path.join(CACHE, "corpus", name), encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if name == "debref.tsv":
                    line = line.split("\t", 3)[3]
                if not line.strip():
                    continue
                held = int(hashlib.md5(line.encode("utf-8")).hexdigest(), 16) % 40 == 0
                yield name.split(".")[0], line, held


def tokenizer_files(bpe, max_length):
    tokenizer_config = {
        "tokenizer_class": "GPT2TokenizerFast",
        "bos_token": EOS, "eos_token": EOS, "unk_token": EOS, "pad_token": EOS,
        "add_prefix_space": False, "add_bos_token": False,
        "model_max_length": max_length,
        # Byte-level decoding must give back the exact text; HF's default clean-up would change " ." to ".".
        "clean_up_tokenization_spaces": False,
    }
    special = {"bos_token": EOS, "eos_token": EOS, "unk_token": EOS, "pad_token": EOS}
    return {"tokenizer.json": bpe.tokenizer_json(), "tokenizer_config.json": tokenizer_config,
            "special_tokens_map.json": special}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vocab-size", type=int, default=8192)
    ap.add_argument("--max-length", type=int, default=256)
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    recs = list(records())
    train_lines = [t for _, t, h in recs if not h]
    t0 = time.time()
    tok_path = os.path.join(OUT, "tokenizer.json")
    meta_path = os.path.join(OUT, "tokenizer-meta.json")
    corpus_hash = hashlib.sha256("\n".join(train_lines).encode("utf-8")).hexdigest()
    meta = {"vocab_size": args.vocab_size, "corpus_sha256": corpus_hash}
    if os.path.exists(tok_path) and os.path.exists(meta_path) and json.load(open(meta_path)) == meta:
        bpe = ByteBPE.load(tok_path)
        print(f"tokenizer up to date ({len(bpe.vocab)} tokens)")
    else:
        merges = train(train_lines, args.vocab_size)
        bpe = ByteBPE(merges)
        for name, data in tokenizer_files(bpe, args.max_length).items():
            with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, indent=None if name == "tokenizer.json" else 2)
                f.write("\n")
        with open(meta_path, "w") as f:
            json.dump(meta, f)
        print(f"trained BPE: {len(bpe.vocab)} tokens ({len(bpe.merges)} merges) in {time.time() - t0:.0f} s")
    t0 = time.time()
    stats = {}
    for split in ("train", "heldout"):
        ids = []
        for source, text, held in recs:
            if held != (split == "heldout"):
                continue
            piece = bpe.encode(text)
            ids.extend(piece)
            ids.append(bpe.eos_id)
            s = stats.setdefault(f"{split}/{source}", [0, 0, 0])
            s[0] += 1
            s[1] += len(text)
            s[2] += len(piece) + 1
        np.save(os.path.join(OUT, f"{split}.npy"), np.array(ids, dtype=np.uint16))
        print(f"{split}: {len(ids)} tokens")
    with open(os.path.join(OUT, "corpus-stats.json"), "w") as f:
        json.dump({k: {"records": v[0], "chars": v[1], "tokens": v[2]} for k, v in sorted(stats.items())}, f, indent=2)
    print(f"encoded in {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
