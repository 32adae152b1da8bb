"""Step 4 of the model build: pretrains the small BERT with masked-language modelling on
models/.cache/bert-ids.tsv (ids from tokenize_corpus.mjs), fine-tunes a 7-way classifier (which part of
the Debian Reference a paragraph comes from, zh-cn and en), evaluates on held-out sections, and
exports models/bert and models/bert-cls (ONNX opset 17 + HF config + tokenizer files).

Held-out data: a Debian Reference section (e.g. "2.3", same number in both languages) is in the test
split when md5("2.3") % 5 == 0; test paragraphs are excluded from pretraining too.

Usage: /usr/bin/python3 models/build/train_bert.py --pretrain-steps 800 --finetune-epochs 8 --threads 1
"""
import argparse
import hashlib
import json
import os
import random
import shutil
import sys
import time

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(__file__))
from bert_model import BertConfig, BertForSequenceClassification, BertModel, MaskedLMHead  # noqa: E402

MODELS = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
CACHE = os.path.join(MODELS, ".cache")
WORDPIECE = os.path.join(CACHE, "wordpiece")
# Built files go to a staging folder first; publish.mjs copies them into models/ with the manifest.
STAGING = os.environ.get("MODELS_STAGING", os.path.join(CACHE, "staging"))
PAD, UNK, CLS, SEP, MASK = 0, 1, 2, 3, 4
MAX_LEN = 128
SEED = 20261128

# Debian Reference chapters → topic labels (chapter titles in models/README.md).
CHAPTER_LABEL = {1: "shell", 2: "packages", 3: "system", 4: "system", 9: "system", 5: "network",
                 6: "network", 7: "desktop", 8: "desktop", 10: "data", 11: "data", 12: "programming"}
LABELS = ["shell", "packages", "system", "network", "desktop", "data", "programming"]


def is_test_section(section):
    return int(hashlib.md5(section.encode()).hexdigest(), 16) % 5 == 0


def load_records():
    pretrain, labelled = [], []
    with open(os.path.join(CACHE, "bert-ids.tsv"), encoding="utf-8") as f:
        for line in f:
            source, meta, ids = line.rstrip("\n").split("\t")
            ids = [int(x) for x in ids.split()]
            if source == "debref":
                lang, chapter, section = meta.split()
                test = is_test_section(section)
                labelled.append({"lang": lang, "label": LABELS.index(CHAPTER_LABEL[int(chapter)]),
                                 "section": section, "ids": ids, "test": test})
                if test:
                    continue
            pretrain.append(ids)
    return pretrain, labelled


def pack(records, rng):
    """Concatenates records (each followed by [SEP]) into [CLS] ... sequences of at most MAX_LEN."""
    order = list(range(len(records)))
    rng.shuffle(order)
    sequences, current = [], []
    room = MAX_LEN - 1
    for i in order:
        ids = records[i]
        for start in range(0, len(ids), room - 1):
            piece = ids[start:start + room - 1] + [SEP]
            if len(current) + len(piece) > room:
                sequences.append([CLS] + current)
                current = []
            current += piece
    if current:
        sequences.append([CLS] + current)
    return sequences


def pad_batch(seqs):
    width = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), width), PAD, dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, :len(s)] = torch.tensor(s)
    return ids, (ids != PAD).long()


def mask_tokens(ids, gen, vocab_size):
    labels = ids.clone()
    special = ids <= MASK
    chosen = (torch.rand(ids.shape, generator=gen) < 0.15) & ~special
    labels[~chosen] = -100
    masked = ids.clone()
    r = torch.rand(ids.shape, generator=gen)
    masked[chosen & (r < 0.8)] = MASK
    random_ids = torch.randint(MASK + 1, vocab_size, ids.shape, generator=gen)
    swap = chosen & (r >= 0.8) & (r < 0.9)
    masked[swap] = random_ids[swap]
    return masked, labels


def lr_at(step, total, peak, warmup):
    if step < warmup:
        return peak * (step + 1) / warmup
    return peak * max(0.0, (total - step) / max(1, total - warmup))


def pretrain(config, sequences, heldout, steps, batch, peak_lr, log):
    gen = torch.Generator().manual_seed(SEED)
    model = BertModel(config)
    head = MaskedLMHead(config, model.embeddings.word_embeddings)
    params = list(model.parameters()) + [p for n, p in head.named_parameters() if not n.startswith("word_")]
    opt = torch.optim.AdamW(params, lr=peak_lr, weight_decay=0.01)
    model.train()
    head.train()
    started = time.time()
    for step in range(steps):
        idx = torch.randint(0, len(sequences), (batch,), generator=gen).tolist()
        ids, attention = pad_batch([sequences[i] for i in idx])
        masked, labels = mask_tokens(ids, gen, config.vocab_size)
        # The vocabulary projection runs on masked positions only (~7x cheaper than on all tokens).
        sel = labels != -100
        logits = head(model(masked, attention, torch.zeros_like(ids))[sel])
        loss = nn.functional.cross_entropy(logits, labels[sel])
        for g in opt.param_groups:
            g["lr"] = lr_at(step, steps, peak_lr, max(1, steps // 20))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        if step % 100 == 0 or step == steps - 1:
            log(f"pretrain step {step}/{steps} loss {loss.item():.3f} {time.time() - started:.0f}s")
    seconds = time.time() - started
    return model, head, seconds, mlm_eval(model, head, heldout, config.vocab_size)


@torch.no_grad()
def mlm_eval(model, head, sequences, vocab_size):
    model.eval()
    head.eval()
    gen = torch.Generator().manual_seed(SEED + 1)
    correct = total = 0
    loss_sum = 0.0
    for start in range(0, len(sequences), 64):
        ids, attention = pad_batch(sequences[start:start + 64])
        masked, labels = mask_tokens(ids, gen, vocab_size)
        sel = labels != -100
        logits = head(model(masked, attention, torch.zeros_like(ids))[sel])
        loss_sum += nn.functional.cross_entropy(logits, labels[sel], reduction="sum").item()
        correct += (logits.argmax(-1) == labels[sel]).sum().item()
        total += sel.sum().item()
    return {"masked_tokens": total, "masked_token_accuracy": round(correct / total, 4),
            "perplexity": round(float(np.exp(loss_sum / total)), 2)}


def classification_inputs(rows):
    return [[CLS] + r["ids"][:MAX_LEN - 2] + [SEP] for r in rows]


def finetune(config, encoder, train, test, epochs, batch, peak_lr, log):
    torch.manual_seed(SEED + 2)
    model = BertForSequenceClassification(config, len(LABELS))
    model.bert.load_state_dict(encoder.state_dict())
    opt = torch.optim.AdamW(model.parameters(), lr=peak_lr, weight_decay=0.01)
    rng = random.Random(SEED + 3)
    xs, ys = classification_inputs(train), [r["label"] for r in train]
    steps = epochs * ((len(xs) + batch - 1) // batch)
    step = 0
    started = time.time()
    for epoch in range(epochs):
        model.train()
        order = list(range(len(xs)))
        rng.shuffle(order)
        for start in range(0, len(order), batch):
            chunk = order[start:start + batch]
            ids, attention = pad_batch([xs[i] for i in chunk])
            logits = model(ids, attention, torch.zeros_like(ids))
            loss = nn.functional.cross_entropy(logits, torch.tensor([ys[i] for i in chunk]))
            for g in opt.param_groups:
                g["lr"] = lr_at(step, steps, peak_lr, max(1, steps // 10))
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
        log(f"finetune epoch {epoch + 1}/{epochs} loss {loss.item():.3f} "
            f"test acc {evaluate(model, test)['accuracy']:.4f} {time.time() - started:.0f}s")
    return model, time.time() - started


@torch.no_grad()
def predict(model, rows):
    model.eval()
    xs = classification_inputs(rows)
    preds = []
    for start in range(0, len(xs), 64):
        ids, attention = pad_batch(xs[start:start + 64])
        preds += model(ids, attention, torch.zeros_like(ids)).argmax(-1).tolist()
    return preds


def evaluate(model, rows):
    preds = predict(model, rows)
    ok = [p == r["label"] for p, r in zip(preds, rows)]
    result = {"accuracy": round(sum(ok) / len(ok), 4), "examples": len(ok)}
    for lang in ["zh-cn", "en"]:
        sel = [o for o, r in zip(ok, rows) if r["lang"] == lang]
        result[f"accuracy_{lang}"] = round(sum(sel) / len(sel), 4)
    confusion = [[0] * len(LABELS) for _ in LABELS]
    for p, r in zip(preds, rows):
        confusion[r["label"]][p] += 1
    result["confusion_matrix_rows_true_cols_predicted"] = confusion
    return result


class EncoderExport(nn.Module):
    def __init__(self, bert):
        super().__init__()
        self.bert = bert

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.bert(input_ids, attention_mask, token_type_ids)


def export(module, out_dir, output_name, config_dict, log):
    """Writes out_dir/onnx/model.onnx + config + tokenizer files; returns sample inputs/outputs for
    the onnxruntime check in verify_onnx.mjs."""
    module.eval()
    os.makedirs(os.path.join(out_dir, "onnx"), exist_ok=True)
    ids = torch.tensor([[CLS, 334, 1071, 1154, 1082, 1462, SEP, PAD], [CLS, 4393, 6304, 4725, 6839, 158, 7824, SEP]])
    attention = (ids != PAD).long()
    types = torch.zeros_like(ids)
    path = os.path.join(out_dir, "onnx", "model.onnx")
    dynamic = {"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
               "token_type_ids": {0: "batch", 1: "sequence"}}
    dynamic[output_name] = {0: "batch", 1: "sequence"} if output_name == "last_hidden_state" else {0: "batch"}
    torch.onnx.export(module, (ids, attention, types), path, opset_version=17,
                      input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=[output_name],
                      dynamic_axes=dynamic, do_constant_folding=True)
    with open(os.path.join(out_dir, "config.json"), "w", encoding="utf-8") as f:
        json.dump(config_dict, f, indent=2, ensure_ascii=False)
        f.write("\n")
    for name in ["tokenizer.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json"]:
        shutil.copyfile(os.path.join(WORDPIECE, name), os.path.join(out_dir, name))
    # A longer, odd-length sample too, so the check covers dynamic sizes.
    gen = torch.Generator().manual_seed(SEED + 9)
    long_ids = torch.randint(MASK + 1, 8000, (3, 37), generator=gen)
    long_ids[:, 0] = CLS
    long_mask = torch.ones_like(long_ids)
    long_mask[1, 30:] = 0
    long_types = torch.zeros_like(long_ids)
    long_types[2, 20:] = 1
    with torch.no_grad():
        samples = []
        for a, b, c in [(ids, attention, types), (long_ids, long_mask, long_types)]:
            samples.append({"input_ids": a.tolist(), "attention_mask": b.tolist(), "token_type_ids": c.tolist(),
                            output_name: module(a, b, c).tolist()})
    with open(os.path.join(CACHE, f"onnx-check-{os.path.basename(out_dir)}.json"), "w") as f:
        json.dump({"model": os.path.basename(out_dir), "output": output_name, "samples": samples}, f)
    log(f"exported {path} ({os.path.getsize(path)} bytes)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pretrain-steps", type=int, default=800)
    parser.add_argument("--finetune-epochs", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--pretrain-lr", type=float, default=5e-4)
    parser.add_argument("--finetune-lr", type=float, default=5e-4)
    parser.add_argument("--reuse-pretrained", action="store_true",
                        help="reuse models/.cache/bert-pretrained-<steps>.pt from an earlier run of the same build")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    random.seed(SEED)
    np.random.seed(SEED)
    log_lines = []

    def log(msg):
        print(msg, flush=True)
        log_lines.append(msg)

    with open(os.path.join(WORDPIECE, "vocab.txt"), encoding="utf-8") as f:
        vocab_size = sum(1 for _ in f)
    config = BertConfig(vocab_size, hidden_size=128, num_hidden_layers=2, num_attention_heads=args.heads,
                        intermediate_size=512, max_position_embeddings=MAX_LEN)
    pretrain_records, labelled = load_records()
    train = [r for r in labelled if not r["test"]]
    test = [r for r in labelled if r["test"]]
    sequences = pack(pretrain_records, random.Random(SEED))
    heldout = pack([r["ids"] for r in test], random.Random(SEED))
    log(f"pretraining: {len(pretrain_records)} records → {len(sequences)} sequences; "
        f"classification: {len(train)} train / {len(test)} test paragraphs")

    pretrained = os.path.join(CACHE, f"bert-pretrained-{args.pretrain_steps}.pt")
    if args.reuse_pretrained and os.path.exists(pretrained):
        # Same corpus, seed and step count as a previous run: reuse its encoder (fine-tuning only).
        saved = torch.load(pretrained)
        encoder, head = BertModel(config), MaskedLMHead(config, None)
        encoder.load_state_dict(saved["encoder"])
        head.word_embeddings = encoder.embeddings.word_embeddings
        head.load_state_dict(saved["head"], strict=False)
        pre_seconds, mlm = saved["seconds"], saved["mlm"]
        log(f"reused {pretrained}")
    else:
        encoder, head, pre_seconds, mlm = pretrain(config, sequences, heldout, args.pretrain_steps, args.batch,
                                                   args.pretrain_lr, log)
        torch.save({"encoder": encoder.state_dict(), "head": {k: v for k, v in head.state_dict().items()
                                                              if not k.startswith("word_")},
                    "seconds": pre_seconds, "mlm": mlm}, pretrained)
    log(f"held-out MLM: {mlm}")
    classifier, ft_seconds = finetune(config, encoder, train, test, args.finetune_epochs, 32, args.finetune_lr, log)
    result = evaluate(classifier, test)
    counts = [sum(1 for r in train if r["label"] == i) for i in range(len(LABELS))]
    majority = int(np.argmax(counts))
    baseline = sum(1 for r in test if r["label"] == majority) / len(test)
    log(f"classifier held-out: {result['accuracy']} (zh {result['accuracy_zh-cn']}, en {result['accuracy_en']}), "
        f"majority baseline {baseline:.4f}")

    hf = config.to_hf_dict()
    export(EncoderExport(encoder), os.path.join(STAGING, "bert"), "last_hidden_state", hf, log)
    cls_config = dict(hf, architectures=["BertForSequenceClassification"],
                      id2label={str(i): l for i, l in enumerate(LABELS)},
                      label2id={l: i for i, l in enumerate(LABELS)}, problem_type="single_label_classification")
    export(classifier, os.path.join(STAGING, "bert-cls"), "logits", cls_config, log)

    hyper = {"hidden_size": 128, "num_hidden_layers": 2, "num_attention_heads": args.heads,
             "intermediate_size": 512, "max_position_embeddings": MAX_LEN, "vocab_size": vocab_size,
             "pretrain_steps": args.pretrain_steps, "pretrain_batch": args.batch, "pretrain_peak_lr": args.pretrain_lr,
             "mlm_probability": 0.15, "finetune_epochs": args.finetune_epochs, "finetune_batch": 32,
             "finetune_peak_lr": args.finetune_lr, "optimizer": "AdamW(weight_decay=0.01), linear warmup/decay",
             "threads": args.threads, "seed": SEED}
    bert_quality = {"model": "bert", "task": "masked-language modelling (15% of tokens, 80/10/10)",
                    "heldout": "Debian Reference paragraphs of held-out sections (never seen in pretraining)",
                    **mlm, "pretrain_sequences": len(sequences), "training_seconds": round(pre_seconds, 1),
                    "hyper_parameters": hyper}
    cls_quality = {"model": "bert-cls",
                   "task": "topic of a Debian Reference paragraph (zh-cn and en): which part of the book",
                   "labels": LABELS,
                   "label_chapters": {l: sorted(c for c, x in CHAPTER_LABEL.items() if x == l) for l in LABELS},
                   "split": "by section number (same sections held out in both languages), md5(section) % 5 == 0",
                   "train_examples": len(train), "train_label_counts": dict(zip(LABELS, counts)),
                   "test_label_counts": {l: sum(1 for r in test if r["label"] == i) for i, l in enumerate(LABELS)},
                   **result, "majority_label": LABELS[majority], "majority_baseline_accuracy": round(baseline, 4),
                   "training_seconds": round(pre_seconds + ft_seconds, 1),
                   "finetune_seconds": round(ft_seconds, 1), "hyper_parameters": hyper}
    for name, q in [("bert", bert_quality), ("bert-cls", cls_quality)]:
        with open(os.path.join(STAGING, name, "quality.json"), "w", encoding="utf-8") as f:
            json.dump(q, f, indent=2, ensure_ascii=False)
            f.write("\n")
    torch.save({"encoder": encoder.state_dict(), "head": head.state_dict(), "classifier": classifier.state_dict()},
               os.path.join(CACHE, "bert-checkpoint.pt"))
    with open(os.path.join(CACHE, "bert-train.log"), "w") as f:
        f.write("\n".join(log_lines) + "\n")


if __name__ == "__main__":
    main()
