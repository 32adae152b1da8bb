# Wrong: tokens and the parent key are serialised big-endian instead of little-endian.
from collections import OrderedDict

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3


def fnv1a64(data):
    h = FNV_OFFSET
    for byte in data:
        h ^= byte
        h = (h * FNV_PRIME) % 2**64
    return h


def prefix_cache(requests, block_size, capacity, engine):
    cache = OrderedDict()  # key -> None, least recently used first
    results = []
    for tokens in requests:
        keys, parent = [], 0
        for start in range(0, len(tokens) - block_size + 1, block_size):
            data = parent.to_bytes(8, "big") + b"".join(t.to_bytes(4, "big") for t in tokens[start:start + block_size])
            parent = fnv1a64(data)
            keys.append(f"{parent:016x}")
        hits = 0
        while hits < len(keys) and keys[hits] in cache:
            hits += 1
        evicted = []
        for key in keys:
            if key in cache:
                cache.move_to_end(key)
            elif capacity > 0:
                if len(cache) == capacity:
                    evicted.append(cache.popitem(last=False)[0])
                cache[key] = None
        results.append({"hits": hits, "keys": keys, "evicted": evicted})
    return {"requests": results, "cache": list(cache)}
