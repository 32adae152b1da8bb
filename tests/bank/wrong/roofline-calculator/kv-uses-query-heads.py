# Wrong: the KV cache is sized with the query heads instead of the KV heads, ignoring grouped-query attention.
def roofline(model, hardware, tp, prompt_len, output_len, batch, engine):
    layers, heads, head_dim = model["layers"], model["heads"], model["head_dim"]
    flops, bandwidth = hardware["flops"], hardware["bandwidth"]
    kv_heads_per_gpu = -(-heads // tp)
    kv_per_token = 2 * layers * heads * head_dim * model["kv_bytes"]
    kv_per_token_gpu = 2 * layers * kv_heads_per_gpu * head_dim * model["kv_bytes"]
    weights_gpu = model["params"] * model["weight_bytes"] // tp

    prefill_flops = batch * (2 * model["params"] * prompt_len + 2 * layers * heads * head_dim * prompt_len ** 2)
    prefill_compute = prefill_flops / (tp * flops)
    prefill_memory = weights_gpu / bandwidth

    decode_compute = batch * 2 * model["params"] / tp / flops
    decode_memory = (weights_gpu + batch * prompt_len * kv_per_token_gpu) / bandwidth

    spare = hardware["memory"] - weights_gpu
    per_sequence = kv_per_token_gpu * (prompt_len + output_len)
    return {
        "kv_bytes_per_token": kv_per_token,
        "kv_bytes_per_token_per_gpu": kv_per_token_gpu,
        "weight_bytes_per_gpu": weights_gpu,
        "prefill_time": max(prefill_compute, prefill_memory),
        "prefill_bound": "compute" if prefill_compute > prefill_memory else "memory",
        "tpot": max(decode_compute, decode_memory),
        "decode_bound": "compute" if decode_compute > decode_memory else "memory",
        "max_concurrency": max(0, spare // per_sequence),
    }
