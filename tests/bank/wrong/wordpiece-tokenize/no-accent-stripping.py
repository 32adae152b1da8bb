# Wrong: lower-cases but never NFD-decomposes and drops the Mn marks, so café is looked up as café and becomes [UNK].
import unicodedata

CJK_RANGES = [(0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F),
              (0x2B740, 0x2B81F), (0x2B820, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)]


def _is_punctuation(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(ch):
    return any(lo <= ord(ch) <= hi for lo, hi in CJK_RANGES)


def _clean(text):
    out = []
    for ch in text:
        if ch in ("\x00", "\ufffd"):
            continue
        if ch in (" ", "\t", "\n", "\r") or unicodedata.category(ch) == "Zs":
            out.append(" ")
        elif unicodedata.category(ch).startswith("C"):
            continue
        elif _is_cjk(ch):
            out.append(" " + ch + " ")
        else:
            out.append(ch)
    return "".join(out)


def _split_words(text):
    words = []
    for token in _clean(text).split():
        token = token.lower()
        current = ""
        for ch in token:
            if _is_punctuation(ch):
                if current:
                    words.append(current)
                    current = ""
                words.append(ch)
            else:
                current += ch
        if current:
            words.append(current)
    return words


def _word_pieces(word, vocab):
    if len(word) > 100:
        return ["[UNK]"]
    pieces, start = [], 0
    while start < len(word):
        end = len(word)
        while end > start:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in vocab:
                break
            end -= 1
        if end == start:
            return ["[UNK]"]
        pieces.append(piece)
        start = end
    return pieces


def wordpiece_tokenize(text, vocab, engine):
    vocab = set(vocab)
    tokens = []
    for word in _split_words(text):
        tokens.extend(_word_pieces(word, vocab))
    return tokens
