# Wrong: a piece that cannot be matched becomes [UNK] on its own instead of turning the whole word into [UNK].
import unicodedata


def wordpiece_tokenize(text, vocab, engine):
    vocab = set(vocab)
    words, current = [], ""
    for ch in text.lower():
        if ch.isspace() or unicodedata.category(ch).startswith("P") or (not ch.isalnum() and ord(ch) < 128) or "\u4e00" <= ch <= "\u9fff":
            if current:
                words.append(current)
                current = ""
            if not ch.isspace():
                words.append(ch)
        else:
            current += ch
    if current:
        words.append(current)
    tokens = []
    for word in words:
        start = 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in vocab:
                    break
                end -= 1
            if end == start:
                tokens.append("[UNK]")
                start += 1
            else:
                tokens.append(piece)
                start = end
    return tokens
