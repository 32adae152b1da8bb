"""Step 3a of the model build: builds the WordPiece vocabulary shared by models/bert and models/bert-cls
and writes the Hugging Face tokenizer files into models/.cache/wordpiece/:
vocab.txt, tokenizer.json, tokenizer_config.json, special_tokens_map.json.

Vocabulary (8192 entries): the 5 BERT specials; every printable ASCII character alone and as ##piece;
the most frequent CJK characters (one token each, as BertNormalizer isolates them); then English
whole words and ## suffix pieces chosen by frequency x length from the corpus. The pre-tokenisation
below mirrors BertNormalizer(lowercase, strip accents, clean text, chinese chars) + BertPreTokenizer;
the runtime tokenizer itself is @huggingface/tokenizers reading tokenizer.json (see tokenize_corpus.mjs).

Usage: /usr/bin/python3 models/build/build_wordpiece.py
"""
import collections
import json
import os
import unicodedata

MODELS = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
CACHE = os.path.join(MODELS, ".cache")
OUT = os.path.join(CACHE, "wordpiece")
VOCAB_SIZE = 8192
MAX_CJK = 4200
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
MAX_LENGTH = 128


def is_cjk(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def is_punct(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def basic_words(text):
    """BertNormalizer + BertPreTokenizer, as in Hugging Face tokenizers."""
    out = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or (unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\t\n\r"):
            continue
        if ch in "\t\n\r" or unicodedata.category(ch) == "Zs":
            out.append(" ")
        elif is_cjk(cp):
            out.append(f" {ch} ")
        else:
            out.append(ch)
    text = unicodedata.normalize("NFD", "".join(out).lower())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    words = []
    for chunk in text.split():
        current = ""
        for ch in chunk:
            if is_punct(ch):
                if current:
                    words.append(current)
                    current = ""
                words.append(ch)
            else:
                current += ch
        if current:
            words.append(current)
    return words


def corpus_lines():
    corpus = os.path.join(CACHE, "corpus")
    for name in ["wordnet.txt", "fortunes-zh.txt", "manpages-zh.txt", "docs-zh.txt"]:
        with open(os.path.join(corpus, name), encoding="utf-8") as f:
            yield from f
    with open(os.path.join(corpus, "debref.tsv"), encoding="utf-8") as f:
        for row in f:
            parts = row.rstrip("\n").split("\t")
            if len(parts) == 4:
                yield parts[3]


def main():
    word_counts = collections.Counter()
    for line in corpus_lines():
        word_counts.update(basic_words(line))

    vocab = list(SPECIALS)
    seen = set(vocab)

    def add(token):
        if token not in seen:
            seen.add(token)
            vocab.append(token)

    for cp in range(33, 127):
        add(chr(cp))
    for cp in range(33, 127):
        if not is_punct(chr(cp)):
            add("##" + chr(cp))

    char_counts = collections.Counter()
    for word, n in word_counts.items():
        for ch in word:
            char_counts[ch] += n
    cjk = [c for c, n in char_counts.most_common() if is_cjk(ord(c)) and n >= 2][:MAX_CJK]
    for c in cjk:
        add(c)
    # Other frequent single characters (full-width punctuation, Greek, kana...) as words and pieces.
    for c, n in char_counts.most_common():
        if n < 50 or is_cjk(ord(c)):
            continue
        add(c)
        if not is_punct(c):
            add("##" + c)

    # English (non-CJK alphabetic) words: whole words first, then ## suffixes and prefixes by gain.
    latin = {w: n for w, n in word_counts.items() if len(w) > 1 and not any(is_cjk(ord(c)) for c in w)
             and len(w) <= 30}
    budget = VOCAB_SIZE - len(vocab)
    whole = sorted(latin.items(), key=lambda kv: (-kv[1], kv[0]))[: int(budget * 0.6)]
    for w, _ in whole:
        add(w)
    pieces = collections.Counter()
    for w, n in latin.items():
        if w in seen:
            continue
        for k in range(2, min(len(w), 8) + 1):
            pieces[w[:k]] += n * (k - 1)
        for k in range(2, min(len(w) - 1, 8) + 1):
            pieces["##" + w[-k:]] += n * (k - 1)
    for piece, _ in sorted(pieces.items(), key=lambda kv: (-kv[1], kv[0])):
        if len(vocab) >= VOCAB_SIZE:
            break
        add(piece)

    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(vocab) + "\n")
    ids = {t: i for i, t in enumerate(vocab)}
    special = lambda t: {"id": ids[t], "content": t, "single_word": False, "lstrip": False,
                         "rstrip": False, "normalized": False, "special": True}
    tokenizer = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [special(t) for t in SPECIALS],
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {t: {"id": t, "ids": [ids[t]], "tokens": [t]} for t in ["[CLS]", "[SEP]"]},
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": ids},
    }
    with open(os.path.join(OUT, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer, f, ensure_ascii=False, indent=1)
    config = {"tokenizer_class": "BertTokenizer", "do_lower_case": True, "tokenize_chinese_chars": True,
              "strip_accents": None, "model_max_length": MAX_LENGTH, "unk_token": "[UNK]",
              "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]", "mask_token": "[MASK]",
              "clean_up_tokenization_spaces": True}
    with open(os.path.join(OUT, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    with open(os.path.join(OUT, "special_tokens_map.json"), "w", encoding="utf-8") as f:
        json.dump({"unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]",
                   "mask_token": "[MASK]"}, f, indent=2)
        f.write("\n")
    n_cjk = sum(1 for t in vocab if len(t) == 1 and is_cjk(ord(t)))
    print(f"vocab {len(vocab)} tokens: {n_cjk} CJK characters, {len(whole)} whole English words")


if __name__ == "__main__":
    main()
