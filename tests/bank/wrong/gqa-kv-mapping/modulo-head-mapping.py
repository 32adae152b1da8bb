# Mistake: maps query head h to KV head h % H_kv (round-robin) instead of h // (H/H_kv), so neighbouring heads land in different groups.
import math


def gqa_attention(q, k, v, causal, bytes_per_value, engine):
    heads, kv_heads = len(q), len(k)
    group = heads // kv_heads
    seq = len(k[0])
    dim = len(k[0][0]) if seq else (len(q[0][0]) if q and q[0] else 0)
    mapping = [h % kv_heads for h in range(heads)]
    output = []
    for h in range(heads):
        keys, values = k[mapping[h]], v[mapping[h]]
        queries = q[h]
        rows = []
        for i, query in enumerate(queries):
            visible = seq - len(queries) + i + 1 if causal else seq
            scores = [sum(a * b for a, b in zip(query, keys[j])) / math.sqrt(dim) for j in range(visible)]
            top = max(scores)
            weights = [math.exp(s - top) for s in scores]
            total = sum(weights)
            rows.append([sum(weights[j] * values[j][c] for j in range(visible)) / total for c in range(dim)])
        output.append(rows)
    return {
        "kv_head": mapping,
        "output": output,
        "kv_cache_bytes": 2 * kv_heads * seq * dim * bytes_per_value,
        "mha_kv_cache_bytes": 2 * heads * seq * dim * bytes_per_value,
    }
