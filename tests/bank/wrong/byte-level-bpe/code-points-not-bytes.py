# Wrong: words are split into Unicode code points (ord) instead of UTF-8 bytes, so Chinese and emoji get ids above 255.
from collections import Counter


def bpe_train_encode(corpus, num_merges, texts, engine):
    def merge_word(seq, a, b, new):
        out, i = [], 0
        while i < len(seq):
            if i + 1 < len(seq) and seq[i] == a and seq[i + 1] == b:
                out.append(new)
                i += 2
            else:
                out.append(seq[i])
                i += 1
        return out

    freq = Counter(w for line in corpus for w in line.split(" ") if w)
    words = [([ord(c) for c in w], count) for w, count in freq.items()]
    token_bytes = {}
    merges = []
    for _ in range(num_merges):
        pairs = Counter()
        for seq, count in words:
            for pair in zip(seq, seq[1:]):
                pairs[pair] += count
        if not pairs:
            break
        # Most frequent; ties go to the smallest (bytes of left, bytes of right).
        a, b = min(pairs, key=lambda p: (-pairs[p], token_bytes.get(p[0], chr(p[0])), token_bytes.get(p[1], chr(p[1]))))
        new = 256 + len(merges)
        merges.append([a, b])
        token_bytes[new] = token_bytes.get(a, chr(a)) + token_bytes.get(b, chr(b))
        words = [(merge_word(seq, a, b, new), count) for seq, count in words]

    ids = []
    for text in texts:
        out = []
        for word in text.split(" "):
            if not word:
                continue
            seq = [ord(c) for c in word]
            for i, (a, b) in enumerate(merges):
                seq = merge_word(seq, a, b, 256 + i)
            out.extend(seq)
        ids.append(out)
    return {"merges": merges, "ids": ids}
