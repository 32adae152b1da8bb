"""Decoder build: writes models/.cache/gpt/tokenizer-check.json — texts (hand-written zh/en/emoji/odd
input, plus 400 corpus records) with the ids and decoded text of the training-side encoder
(byte_bpe.py). verify_gpt.mjs runs the same texts through @huggingface/tokenizers and fails on any
difference, so training ids are runtime ids.

Usage: /usr/bin/python3 models/build/gpt_tokenizer_check.py
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from byte_bpe import ByteBPE  # noqa: E402
from prepare_gpt_data import OUT, records  # noqa: E402

TEXTS = [
    "Hello, world!", "The river flows into the sea.", "A computer program is a set of instructions.",
    "don't stop; it's fine, we'll see. They've gone, I'm here, you'd know, he's 'quoted'",
    "  leading spaces", "trailing spaces   ", "tabs\tand\nnewlines\r\n\r\nend", "multiple     spaces  between",
    "numbers 12345 and 3.14159 and -42 and 1e-9", "UPPERCASE lowercase MiXeD", "e-mail: someone@example.com",
    "https://www.debian.org/doc/manuals/debian-reference/", "path/to/file.txt && ls -la | grep x > out.log",
    "def f(x):\n    return x * 2  # comment", "{\"json\": [1, 2, 3], \"ok\": true}", "<|endoftext|>",
    "text before<|endoftext|>text after", "<|endoftext|><|endoftext|>", "<|endoftext", "|>", "", " ", "\n", "a",
    "春风", "这个程序用于配置网络。", "网络配置文件位于 /etc/network/interfaces。", "床前明月光，疑是地上霜。举头望明月，低头思故乡。",
    "中文和English混合的句子，包括数字123和标点！", "“引号”和『括号』以及《书名号》", "全角字符：ＡＢＣ１２３　空格",
    "繁體中文與簡體中文", "日本語のテキストも大丈夫です", "한국어 텍스트", "Ελληνικά και русский текст", "עברית ועربية",
    "emoji 😀😃😄 and flags 🇨🇳🇺🇸", "family 👨‍👩‍👧‍👦 zwj sequence", "skin tone 👍🏽 and ❤️ with variation selector",
    "math ∑ ∫ √ ≤ ≥ ≠ ∞ π", "currency ¥ € £ $ ₿", "accents café naïve résumé Ångström", "combining e\u0301 a\u0308",
    "zero\u200bwidth space", "nbsp\u00a0here and\u3000ideographic space", "line\u2028separator", "BOM\ufeffinside",
    "control \x00\x01\x1f chars", "replacement \ufffd char", "private use \ue000\uf8ff", "astral 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠀀𠀁",
    "rare CJK 𪚥 𰻞", "a'b'c'''", "'s't're've'm'll'd", "?'s", " 's", "...!!!???", "----====____", "0x1F600 U+1F600",
    "sudo apt-get install python3-torch", "man 5 crontab 手册页", "Linux 内核 6.1 版本发布了",
    "Debian 是一个自由的操作系统。", "The quick brown fox jumps over the lazy dog. 敏捷的棕色狐狸跳过了懒狗。",
]


def main():
    bpe = ByteBPE.load(os.path.join(OUT, "tokenizer.json"))
    texts = list(TEXTS)
    recs = [t for _, t, _ in records()]
    rng = np.random.default_rng(7)
    texts += [recs[i] for i in sorted(rng.choice(len(recs), 400, replace=False))]
    cases = []
    for t in texts:
        ids = bpe.encode(t)
        back = bpe.decode(ids)
        if back != t:
            raise SystemExit(f"python round trip failed: {t!r} -> {back!r}")
        cases.append({"text": t, "ids": ids})
    with open(os.path.join(OUT, "tokenizer-check.json"), "w", encoding="utf-8") as f:
        json.dump({"eos_id": bpe.eos_id, "vocab_size": len(bpe.vocab), "cases": cases}, f, ensure_ascii=False)
    print(f"tokenizer check: {len(cases)} texts ({len(TEXTS)} hand-written), python round trip ok")


if __name__ == "__main__":
    main()
