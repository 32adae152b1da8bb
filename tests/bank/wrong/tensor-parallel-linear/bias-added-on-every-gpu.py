# Mistake: every GPU adds the row-parallel bias b2 to its partial sum, so the all-reduce adds it P times.
def tensor_parallel_mlp(x, w1, b1, w2, b2, shards, engine):
    hidden, out_dim = len(b1), len(b2)
    base, extra = divmod(hidden, shards)
    sizes = [base + 1 if i < extra else base for i in range(shards)]
    partials = []
    lo = 0
    for size in sizes:
        hi = lo + size
        partial = []
        for row in x:
            y = []
            for j in range(lo, hi):
                s = b1[j] + sum(row[r] * w1[r][j] for r in range(len(row)))
                y.append(max(s, 0.0))
            partial.append([sum(y[j - lo] * w2[j][c] for j in range(lo, hi)) + b2[c] for c in range(out_dim)])
        partials.append(partial)
        lo = hi
    output = [[sum(p[t][c] for p in partials) for c in range(out_dim)] for t in range(len(x))]
    payload = len(x) * out_dim * 4 if shards > 1 else 0
    return {
        "output": output,
        "partials": partials,
        "shard_sizes": sizes,
        "all_reduces": 1 if shards > 1 else 0,
        "all_reduce_bytes": payload,
        "ring_bytes_per_gpu": 2 * (shards - 1) / shards * payload,
    }
