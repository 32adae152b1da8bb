# Wrong: divides the memory by the bytes of one token, which gives how many tokens fit, not how many complete sequences.
def kv_cache_plan(config, seq_len, memory_bytes, engine):
    per_token = 2 * config["layers"] * config["kv_heads"] * config["head_dim"] * config["bytes_per_value"]
    per_sequence = per_token * seq_len
    max_batch = memory_bytes // per_token if seq_len > 0 else 0
    return {"bytes_per_token": per_token, "bytes_per_sequence": per_sequence, "max_batch": max_batch}
