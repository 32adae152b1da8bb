// Wrong: FNV-1a is computed with plain Numbers: ^ and >> truncate to 32 bits and the multiply loses bits beyond 2^53.
function fnv1a64(bytes) {
  let h = 0xcbf29ce484222325;
  for (const b of bytes) {
    h ^= b;
    h = (h * 0x100000001b3) % 2 ** 64;
  }
  return h;
}

function prefixCache(requests, blockSize, capacity, engine) {
  const cache = new Map();
  const results = [];
  for (const tokens of requests) {
    const keys = [];
    let parent = 0;
    for (let start = 0; start + blockSize <= tokens.length; start += blockSize) {
      const bytes = [];
      for (let i = 0; i < 8; i++) bytes.push((parent >> (8 * i)) & 0xff);
      for (const t of tokens.slice(start, start + blockSize)) bytes.push(t & 0xff, (t >> 8) & 0xff, (t >> 16) & 0xff, (t >> 24) & 0xff);
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
