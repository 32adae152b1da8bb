# Mistake: splits the first layer by its input rows (row-parallel) and applies relu to each GPU's partial pre-activation, but relu(sum) != sum of relu.
def tensor_parallel_mlp(x, w1, b1, w2, b2, shards, engine):
    hidden, out_dim = len(b1), len(b2)
    base, extra = divmod(hidden, shards)
    sizes = [base + 1 if i < extra else base for i in range(shards)]
    d = len(w1)
    dbase, dextra = divmod(d, shards)
    dsizes = [dbase + 1 if i < dextra else dbase for i in range(shards)]
    partials = []
    lo = 0
    for i in range(shards):
        hi = lo + dsizes[i]
        partial = []
        for row in x:
            y = []
            for j in range(hidden):
                s = (b1[j] if i == 0 else 0.0) + sum(row[r] * w1[r][j] for r in range(lo, hi))
                y.append(max(s, 0.0))
            partial.append([sum(y[j] * w2[j][c] for j in range(hidden)) for c in range(out_dim)])
        partials.append(partial)
        lo = hi
    output = [[sum(p[t][c] for p in partials) + b2[c] for c in range(out_dim)] for t in range(len(x))]
    payload = len(x) * out_dim * 4 if shards > 1 else 0
    return {
        "output": output,
        "partials": partials,
        "shard_sizes": sizes,
        "all_reduces": 1 if shards > 1 else 0,
        "all_reduce_bytes": payload,
        "ring_bytes_per_gpu": 2 * (shards - 1) / shards * payload,
    }
