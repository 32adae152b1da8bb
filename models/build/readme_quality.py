"""Rewrites the measured-quality section of models/README.md (between the quality:start/end markers)
and the file sizes in its model table from the published quality.json files, so the README always
shows the numbers of the committed models. Run by build-all.sh after publish.mjs.

Usage: /usr/bin/python3 models/build/readme_quality.py
"""
import json
import os
import re

MODELS = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))


def load(name):
    with open(os.path.join(MODELS, name, "quality.json"), encoding="utf-8") as f:
        return json.load(f)


def mb(path):
    return f"{os.path.getsize(os.path.join(MODELS, path)) / 1e6:.1f}"


def main():
    w2v, bert, cls = load("word2vec"), load("bert"), load("bert-cls")
    ch = cls["hyper_parameters"]
    gpts = [load(n) for n in ("gpt", "gpt-draft") if os.path.exists(os.path.join(MODELS, n, "quality.json"))]
    h = w2v["hyper_parameters"]
    s = w2v["similarity_spearman"]
    lines = [
        "### word2vec",
        f"- {w2v['vocab_size']} words (incl. [PAD]) x {w2v['dim']}; gensim skip-gram, window {h['window']}, "
        f"negative {h['negative']}, sample {h['sample']}, min_count {h['min_count']}, {h['epochs']} epochs, "
        f"seed {h['seed']}, 1 worker; corpus {w2v['corpus_sentences']} sentences / {w2v['corpus_words']} words; "
        f"training {w2v['training_seconds']:.0f} s wall on a shared, busy 2-core machine.",
        f"- Similarity (Spearman of cosine vs hand-made 0-10 ratings, `build/word-similarity.tsv`): "
        f"**en {s['en']['spearman']:.2f}** ({s['en']['pairs']} pairs), **zh {s['zh']['spearman']:.2f}** "
        f"({s['zh']['pairs']} pairs), all {s['all']['spearman']:.2f} ({s['all']['pairs']} pairs).",
        "- Nearest neighbours (cosine, top 8):",
        "",
        "| word | neighbours |",
        "|---|---|",
    ]
    for word, neighbours in w2v["nearest_neighbours"].items():
        if neighbours:
            lines.append(f"| {word} | {', '.join(w for w, _ in neighbours[:8])} |")
    bh = bert["hyper_parameters"]
    se = (cls["accuracy"] * (1 - cls["accuracy"]) / cls["examples"]) ** 0.5
    lines += [
        "",
        "### bert (encoder)",
        f"- hidden {bh['hidden_size']}, {bh['num_hidden_layers']} layers, {bh['num_attention_heads']} heads, "
        f"intermediate {bh['intermediate_size']}, max_position {bh['max_position_embeddings']}, vocab {bh['vocab_size']}.",
        f"- MLM pretraining: {bh['pretrain_steps']} steps x batch {bh['pretrain_batch']} packed sequences of ≤128 tokens "
        f"(peak lr {bh['pretrain_peak_lr']}, AdamW, linear warm-up/decay), {bert['training_seconds']:.0f} s wall, "
        f"{bh['threads']} thread(s).",
        f"- Held-out masked-token accuracy **{bert['masked_token_accuracy']:.3f}**, perplexity {bert['perplexity']:.1f} "
        f"({bert['masked_tokens']} masked tokens of held-out Debian Reference sections never seen in pretraining).",
        "",
        "### bert-cls (classifier)",
        f"- Task: {cls['task']}. Labels (Debian sections): " + ", ".join(
            f"`{l}` ({', '.join(cls['label_sections'][l])})" for l in cls["labels"]) + ".",
        f"- Split: {cls['split']}: {cls['train_examples']} train / {cls['examples']} held-out descriptions "
        f"({cls['examples_en']} en, {cls['examples_zh']} zh).",
        (f"- Model: the `bert` encoder, mean-pooled, → dense + tanh → linear, **plus a bag-of-pieces linear term** "
         f"(a learned 6-vector per word piece{', and per adjacent pair of pieces hashed into ' + str(ch['bag_bigram_buckets']) + ' buckets' if ch.get('bag_bigram_buckets') else ''}, "
         f"summed over the description and added to the logits; lr {ch['bag_lr']}, no weight decay) — a discriminative "
         f"cousin of naive Bayes trained jointly with the encoder. Settings were chosen on a dev split of the train "
         f"packages (`train_bert_cls.py --dev`), never on the test split."
         if ch.get("bag_lr") else "- Model: the `bert` encoder with a fresh pooler and linear head."),
        f"- Fine-tuning from the `bert` encoder: {ch['epochs']} epochs, batch {ch['batch']}, peak lr {ch['peak_lr']}, "
        f"{ch['pooling']}, first {ch['train_max_tokens'] - 2} word pieces of each description (the exported graph "
        f"takes up to 128 tokens); {cls['finetune_seconds']:.0f} s wall, {ch['threads']} thread(s). Held-out accuracy "
        f"after each epoch (logged, not used to choose anything): {', '.join(f'{a:.3f}' for a in cls['test_accuracy_by_epoch_not_used_for_selection'])}.",
        f"- Held-out accuracy **{cls['accuracy']:.3f}** (en {cls['accuracy_en']:.3f}, zh {cls['accuracy_zh']:.3f}) vs "
        f"naive Bayes on bags of the same word pieces **{cls['naive_bayes_bag_of_pieces_accuracy']:.3f}** (best of "
        f"add-0.1 / add-1 smoothing) and the majority class **{cls['majority_baseline_accuracy']:.3f}** "
        f"(always `{cls['majority_label']}`). With {cls['examples']} test descriptions the standard error of an accuracy "
        f"near {cls['accuracy']:.2f} is about {se:.3f}; the margin over naive Bayes is "
        f"{cls['accuracy'] - cls['naive_bayes_bag_of_pieces_accuracy']:+.3f} ({(cls['accuracy'] - cls['naive_bayes_bag_of_pieces_accuracy']) / se:.1f} SE). "
        f"The Chinese numbers rest on {cls['examples_zh']} descriptions only.",
        "- Confusion matrix (rows true, columns predicted, label order as above): "
        + "; ".join(" ".join(str(x) for x in row) for row in cls["confusion_matrix_rows_true_cols_predicted"]) + ".",
        "- ONNX vs torch (onnxruntime-node, `build/verify_onnx.mjs`): max abs difference ≤ 1e-4 enforced, ~1e-6 measured.",
    ]
    for g in gpts:
        gh = g["hyper_parameters"]
        t = g["training"]
        lines += [
            "",
            f"### {g['model']} (decoder)",
            f"- {g['architecture']}; {g['parameters']:,} parameters; vocabulary {gh['vocab_size']} (byte-level BPE).",
            f"- Training: {t['steps']} steps x batch {gh['batch']} windows of {gh['n_positions'] + 1} tokens "
            f"({t['tokens_seen']:,} tokens), peak lr {gh['peak_lr']}, {gh['optimizer']}; {t['seconds']} s wall, "
            f"{gh['threads']} thread(s); final train loss {t['final_train_loss']}."
            + (f" Two phases: {t['phases'][0]['steps']} steps (peak lr {gh['peak_lr']}), then {t['phases'][1]['steps']} "
               f"more from those weights with a fresh AdamW (peak lr {t['phases'][1]['peak_lr']}, warm-up 20, cosine to 10%)."
               if "phases" in t else "")
            + (f" Continued from the weights committed in {t['continued_from']['commit'][:7]} "
               f"({t['continued_from']['training']['steps']} steps, held-out perplexity "
               f"{t['continued_from']['heldout_perplexity']}) for {t['this_run']['steps']} more steps "
               f"({t['this_run']['seconds']} s wall of the total): {t.get('schedule', '')}"
               + (f"; loss (1 − w) × next-token cross-entropy + w × cross-entropy against the train ids' bigram "
                  f"distribution P(· | current token), w = {gh['bigram_soft_target_weight']} falling with the lr to 0"
                  if gh.get("bigram_soft_target_weight") else "") + "."
               if "continued_from" in t else ""),
            f"- Held-out perplexity **{g['heldout_perplexity']}** vs add-k bigram **{g['bigram_heldout_perplexity']}** "
            f"(k = {g['bigram_k']}, chosen on a dev slice of the train ids) and add-1 unigram "
            f"**{g.get('unigram_heldout_perplexity', 'n/a')}**, on the same {g['heldout_tokens']:,} held-out tokens. "
            + ("Below the bigram, whose counts come from all 4.6 M train tokens."
               if g["heldout_perplexity"] < g["bigram_heldout_perplexity"] else
               f"Still above the bigram, whose counts come from all 4.6 M train tokens; the network saw "
               f"{t['tokens_seen'] / 4.58e6:.1f} passes' worth of windows (see the caveats above on CPU)."),
            "- Greedy continuations (40 new tokens at most; a model this weak falls into repetition under greedy "
            "decoding — exactly what the repetition-penalty and sampling tasks are about):",
            "",
            "| prompt | continuation |",
            "|---|---|",
        ]
        for smp in g["samples"]:
            cont = smp["continuation"].replace("|", "\\|").replace("\n", " ⏎ ")
            lines.append(f"| {smp['prompt']} | {cont}{' ⟨eos⟩' if smp['ended_with_eos'] else ''} |")
    path = os.path.join(MODELS, "README.md")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    section = "<!-- quality:start -->\n" + "\n".join(lines) + "\n<!-- quality:end -->"
    text = re.sub(r"<!-- quality:start -->.*?<!-- quality:end -->", lambda _: section, text, flags=re.S)
    sizes = {"W2V_VOCAB": f"{os.path.getsize(os.path.join(MODELS, 'word2vec/vocab.json')) / 1e6:.1f} MB",
             "W2V_ONNX": f"{mb('word2vec/onnx/model.onnx')} MB", "BERT_ONNX": f"{mb('bert/onnx/model.onnx')} MB",
             "CLS_ONNX": f"{mb('bert-cls/onnx/model.onnx')} MB"}
    for key, name in (("GPT_ONNX", "gpt"), ("DRAFT_ONNX", "gpt-draft")):
        if os.path.exists(os.path.join(MODELS, name, "onnx/model.onnx")):
            sizes[key] = f"{mb(name + '/onnx/model.onnx')} MB"
    for key, value in sizes.items():
        text = re.sub(rf"<!-- size:{key} -->[^<]*<!-- /size -->", f"<!-- size:{key} -->{value}<!-- /size -->", text)
    text = re.sub(r"<!-- labels -->.*?<!-- /labels -->",
                  "<!-- labels -->" + ", ".join(f"{i} `{l}`" for i, l in enumerate(cls["labels"])) + "<!-- /labels -->", text)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
