"""Byte-level BPE for the decoder models (gpt, gpt-draft): a deterministic trainer, the training-side
encoder/decoder, and the Hugging Face tokenizer.json writer.

The encoder reproduces, id for id, what @huggingface/tokenizers (the engine's tokenizer library) does
with the tokenizer.json written here (checked by models/build/verify_gpt_tokenizer.mjs):
  1. the text is split on the special token `<|endoftext|>` (an added token, not normalized);
  2. ByteLevel pre-tokenizer with the GPT-2 regex
       's|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+
     (JavaScript semantics: \\s is ECMAScript white space, \\p{L}/\\p{N} Unicode letters/numbers), each
     piece UTF-8 encoded (a lone surrogate becomes U+FFFD, as TextEncoder does) and every byte mapped to
     a printable character with GPT-2's bytes_to_unicode table;
  3. BPE on each piece: repeatedly apply the merge of lowest rank, leftmost occurrence first.
Every byte is in the vocabulary, so any text round-trips (no unknown token).

Training (train()): counts pre-tokenized pieces of the training text, then repeatedly merges the most
frequent adjacent pair; ties are broken by the smaller (left id, right id), so the result depends only on
the text. Ids: 0..255 are the single bytes in byte order, then merges in the order learned, then
`<|endoftext|>` last.
"""
import heapq
import json
import unicodedata
from collections import Counter, defaultdict

EOS = "<|endoftext|>"

# ECMAScript \s: WhiteSpace + LineTerminator.
JS_SPACE = set("\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff") | {chr(c) for c in range(0x2000, 0x200B)}


def bytes_to_unicode():
    """GPT-2's reversible byte -> printable character table."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


BYTE_TO_CHAR = bytes_to_unicode()
CHAR_TO_BYTE = {c: b for b, c in BYTE_TO_CHAR.items()}
_BYTE_CHARS = [BYTE_TO_CHAR[b] for b in range(256)]

_class_cache = {}


def _klass(ch):
    k = _class_cache.get(ch)
    if k is None:
        if ch in JS_SPACE:
            k = "S"
        else:
            cat = unicodedata.category(ch)[0]
            k = cat if cat in ("L", "N") else "O"
        _class_cache[ch] = k
    return k


_CONTRACTIONS = ("s", "t", "re", "ve", "m", "ll", "d")


def pretokenize(text):
    """The GPT-2 ByteLevel regex with JavaScript semantics, as a hand-written scanner."""
    out = []
    n = len(text)
    cls = [_klass(c) for c in text]
    i = 0
    while i < n:
        c = text[i]
        if c == "'":
            hit = None
            for s in _CONTRACTIONS:
                if text.startswith(s, i + 1):
                    hit = s
                    break
            if hit is not None:
                out.append("'" + hit)
                i += 1 + len(hit)
                continue
        k = cls[i]
        start = i
        if c == " " and i + 1 < n and cls[i + 1] != "S":
            k = cls[i + 1]
            start = i + 1
        if k != "S":  # ` ?\p{L}+`, ` ?\p{N}+` or ` ?[^\s\p{L}\p{N}]+`
            j = start + 1
            while j < n and cls[j] == k:
                j += 1
            out.append(text[i:j])
            i = j
            continue
        j = i + 1
        while j < n and cls[j] == "S":
            j += 1
        if j == n or j - i == 1:  # `\s+(?!\S)` up to the end, or a single space before \S (`\s+`)
            out.append(text[i:j])
            i = j
        else:  # `\s+(?!\S)`: leave the last white space for the next piece
            out.append(text[i:j - 1])
            i = j - 1
    return out


def to_byte_chars(piece):
    """UTF-8 bytes of a piece (lone surrogates as U+FFFD, like TextEncoder) as byte-level characters."""
    try:
        data = piece.encode("utf-8")
    except UnicodeEncodeError:
        data = "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in piece).encode("utf-8")
    return "".join(_BYTE_CHARS[b] for b in data)


def train(lines, vocab_size, min_count=2, log=print):
    """Returns the list of merges (pairs of token strings), at most vocab_size - 257 of them."""
    words = Counter()
    for line in lines:
        for piece in pretokenize(line):
            words[piece] += 1
    log(f"bpe: {len(words)} distinct pieces")
    symbols = [BYTE_TO_CHAR[b] for b in range(256)]
    char_id = {s: i for i, s in enumerate(symbols)}
    symbol_id = dict(char_id)
    seqs, counts = [], []
    for piece in sorted(words):  # sorted: the result must not depend on dict order
        seqs.append([char_id[c] for c in to_byte_chars(piece)])
        counts.append(words[piece])
    pair_count = defaultdict(int)
    pair_words = defaultdict(set)
    for w, seq in enumerate(seqs):
        cnt = counts[w]
        for a, b in zip(seq, seq[1:]):
            pair_count[(a, b)] += cnt
            pair_words[(a, b)].add(w)
    heap = [(-c, a, b) for (a, b), c in pair_count.items()]
    heapq.heapify(heap)
    merges = []
    target = vocab_size - 256 - 1
    while len(symbols) - 256 < target and heap:
        negc, a, b = heapq.heappop(heap)
        if pair_count.get((a, b), 0) != -negc:
            continue  # stale entry
        if -negc < min_count:
            break
        merged = symbols[a] + symbols[b]
        new = symbol_id.get(merged)
        if new is None:  # two different pairs can spell the same token: it keeps one id
            new = len(symbols)
            symbols.append(merged)
            symbol_id[merged] = new
        merges.append((a, b))
        changed = set()
        for w in sorted(pair_words.pop((a, b), ())):
            seq = seqs[w]
            cnt = counts[w]
            if len(seq) < 2:
                continue
            # merge left to right, non-overlapping
            out = []
            i = 0
            hit = False
            while i < len(seq):
                if i + 1 < len(seq) and seq[i] == a and seq[i + 1] == b:
                    out.append(new)
                    i += 2
                    hit = True
                else:
                    out.append(seq[i])
                    i += 1
            if not hit:
                continue
            for p in zip(seq, seq[1:]):
                pair_count[p] -= cnt
                changed.add(p)
            for p in zip(out, out[1:]):
                pair_count[p] += cnt
                pair_words[p].add(w)
                changed.add(p)
            seqs[w] = out
        pair_count.pop((a, b), None)
        for p in changed:
            c = pair_count.get(p, 0)
            if c > 0:
                heapq.heappush(heap, (-c, p[0], p[1]))
            else:
                pair_count.pop(p, None)
        if len(merges) % 1000 == 0 and merges:
            log(f"bpe: {len(merges)} merges, last count {-negc}")
    return [(symbols[a], symbols[b]) for a, b in merges]


class ByteBPE:
    def __init__(self, merges):
        self.merges = [tuple(m) for m in merges]
        self.ranks = {m: i for i, m in enumerate(self.merges)}
        self.vocab = [BYTE_TO_CHAR[b] for b in range(256)]
        seen = set(self.vocab)
        for a, b in self.merges:
            if a + b not in seen:
                seen.add(a + b)
                self.vocab.append(a + b)
        self.vocab.append(EOS)
        self.token_id = {t: i for i, t in enumerate(self.vocab)}
        self.eos_id = len(self.vocab) - 1
        self._cache = {}

    @classmethod
    def load(cls, tokenizer_json_path):
        with open(tokenizer_json_path, encoding="utf-8") as f:
            data = json.load(f)
        merges = [tuple(m.split(" ")) if isinstance(m, str) else tuple(m) for m in data["model"]["merges"]]
        bpe = cls(merges)
        if {t: i for t, i in data["model"]["vocab"].items()} != {t: i for t, i in bpe.token_id.items() if t != EOS}:
            raise ValueError(f"{tokenizer_json_path}: vocab does not match its merges")
        return bpe

    def _bpe(self, chars):
        word = list(chars)
        ranks = self.ranks
        while len(word) > 1:
            best = None
            best_rank = None
            for i in range(len(word) - 1):
                r = ranks.get((word[i], word[i + 1]))
                if r is not None and (best_rank is None or r < best_rank):
                    best_rank, best = r, i
            if best is None:
                break
            a, b = word[best], word[best + 1]
            out = []
            i = 0
            while i < len(word):  # all non-overlapping occurrences, left to right
                if i + 1 < len(word) and word[i] == a and word[i + 1] == b:
                    out.append(a + b)
                    i += 2
                else:
                    out.append(word[i])
                    i += 1
            word = out
        return word

    def encode_piece(self, piece):
        ids = self._cache.get(piece)
        if ids is None:
            ids = [self.token_id[t] for t in self._bpe(to_byte_chars(piece))]
            if len(self._cache) < 500000:
                self._cache[piece] = ids
        return ids

    def encode(self, text):
        ids = []
        parts = text.split(EOS)
        for k, part in enumerate(parts):
            if k > 0:
                ids.append(self.eos_id)
            for piece in pretokenize(part):
                ids.extend(self.encode_piece(piece))
        return ids

    def decode_bytes(self, ids):
        out = bytearray()
        for i in ids:
            if i == self.eos_id:
                out += EOS.encode()
            else:
                out += bytes(CHAR_TO_BYTE[c] for c in self.vocab[i])
        return bytes(out)

    def decode(self, ids):
        return self.decode_bytes(ids).decode("utf-8", errors="replace")

    def tokenizer_json(self):
        vocab = {t: i for i, t in enumerate(self.vocab[:-1])}
        return {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": [{"id": self.eos_id, "content": EOS, "single_word": False, "lstrip": False,
                              "rstrip": False, "normalized": False, "special": True}],
            "normalizer": None,
            "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
            "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
            "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
            "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                      "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                      "vocab": vocab, "merges": [f"{a} {b}" for a, b in self.merges]},
        }
