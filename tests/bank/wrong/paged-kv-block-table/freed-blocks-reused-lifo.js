// Wrong: the free list is a stack, so the most recently freed block is reused first instead of the lowest free id.
function pagedKv(numBlocks, blockSize, ops, engine) {
  const ref = new Array(numBlocks).fill(0);
  const freeList = [];
  for (let i = numBlocks - 1; i >= 0; i--) freeList.push(i);
  const tables = {};
  const lengths = {};
  const ceil = (t) => Math.ceil(t / blockSize);
  const take = () => {
    const b = freeList.pop();
    ref[b] = 1;
    return b;
  };
  const release = (b) => {
    ref[b] -= 1;
    if (ref[b] === 0) freeList.push(b);
  };
  const steps = [];
  for (const [kind, a, b] of ops) {
    let error = null;
    if (kind === "alloc") {
      if (a in tables) error = "exists";
      else if (ceil(b) > freeList.length) error = "oom";
      else {
        tables[a] = [];
        for (let i = 0; i < ceil(b); i++) tables[a].push(take());
        lengths[a] = b;
      }
    } else if (kind === "append") {
      if (!(a in tables)) error = "missing";
      else if (b > 0) {
        const t = tables[a];
        const copy = lengths[a] % blockSize !== 0 && ref[t[t.length - 1]] > 1;
        const grow = ceil(lengths[a] + b) - ceil(lengths[a]);
        if ((copy ? 1 : 0) + grow > freeList.length) error = "oom";
        else {
          if (copy) {
            const old = t[t.length - 1];
            t[t.length - 1] = take();
            release(old);
          }
          for (let i = 0; i < grow; i++) t.push(take());
          lengths[a] += b;
        }
      }
    } else if (kind === "fork") {
      if (!(a in tables)) error = "missing";
      else if (b in tables) error = "exists";
      else {
        tables[b] = [...tables[a]];
        lengths[b] = lengths[a];
        for (const x of tables[b]) ref[x] += 1;
      }
    } else {
      if (!(a in tables)) error = "missing";
      else {
        tables[a].forEach(release);
        delete tables[a];
        delete lengths[a];
      }
    }
    steps.push({ error, free: freeList.length });
  }
  return { steps, tables, lengths, refcounts: ref };
}
