# Wrong: encoding takes the longest vocabulary entry at each position (greedy longest match) instead of replaying the merges in order.
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
    words = [(list(w.encode("utf-8")), c) for w, c in freq.items()]
    vocab = [bytes([i]) for i in range(256)]
    merges = []
    for _ in range(num_merges):
        pairs = Counter()
        for seq, c in words:
            for pair in zip(seq, seq[1:]):
                pairs[pair] += c
        if not pairs:
            break
        a, b = min(pairs, key=lambda p: (-pairs[p], vocab[p[0]], vocab[p[1]]))
        merges.append([a, b])
        vocab.append(vocab[a] + vocab[b])
        words = [(merge_word(seq, a, b, len(vocab) - 1), c) for seq, c in words]

    lookup = {v: i for i, v in enumerate(vocab)}
    longest = max(len(v) for v in vocab)
    ids = []
    for text in texts:
        out = []
        for word in text.split(" "):
            data = word.encode("utf-8")
            i = 0
            while i < len(data):
                for size in range(min(longest, len(data) - i), 0, -1):
                    if data[i:i + size] in lookup:
                        out.append(lookup[data[i:i + size]])
                        i += size
                        break
        ids.append(out)
    return {"merges": merges, "ids": ids}
