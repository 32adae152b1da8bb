// Wrong: the last partial block also gets a key and is cached, although its tokens will still change.
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK64 = (1n << 64n) - 1n;

function fnv1a64(bytes) {
  let h = FNV_OFFSET;
  for (const b of bytes) {
    h ^= BigInt(b);
    h = (h * FNV_PRIME) & MASK64;
  }
  return h;
}

function prefixCache(requests, blockSize, capacity, engine) {
  const cache = new Map(); // insertion order = least recently used first
  const results = [];
  for (const tokens of requests) {
    const keys = [];
    let parent = 0n;
    for (let start = 0; start < tokens.length; start += blockSize) {
      const bytes = [];
      for (let i = 0n; i < 8n; i++) bytes.push(Number((parent >> (8n * i)) & 0xffn));
      for (const t of tokens.slice(start, start + blockSize)) {
        bytes.push(t & 0xff, (t >>> 8) & 0xff, (t >>> 16) & 0xff, (t >>> 24) & 0xff);
      }
      parent = fnv1a64(bytes);
      keys.push(parent.toString(16).padStart(16, "0"));
    }
    let hits = 0;
    while (hits < keys.length && cache.has(keys[hits])) hits++;
    const evicted = [];
    for (const key of keys) {
      if (cache.has(key)) {
        cache.delete(key);
        cache.set(key, true);
      } else if (capacity > 0) {
        if (cache.size === capacity) {
          const oldest = cache.keys().next().value;
          cache.delete(oldest);
          evicted.push(oldest);
        }
        cache.set(key, true);
      }
    }
    results.push({ hits, keys, evicted });
  }
  return { requests: results, cache: [...cache.keys()] };
}
