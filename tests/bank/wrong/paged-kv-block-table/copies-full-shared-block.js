// Wrong: copy-on-write triggers whenever the last block is shared, even when it is already full and nothing is written into it.
function pagedKv(numBlocks, blockSize, ops, engine) {
  const ref = new Array(numBlocks).fill(0);
  const tables = {};
  const lengths = {};
  const ceil = (t) => Math.ceil(t / blockSize);
  const free = () => ref.filter((c) => c === 0).length;
  const take = () => {
    const b = ref.indexOf(0);
    ref[b] = 1;
    return b;
  };
  const steps = [];
  for (const op of ops) {
    let error = null;
    const [kind, a, b] = op;
    if (kind === "alloc") {
      if (a in tables) error = "exists";
      else if (ceil(b) > free()) error = "oom";
      else {
        tables[a] = [];
        for (let i = 0; i < ceil(b); i++) tables[a].push(take());
        lengths[a] = b;
      }
    } else if (kind === "append") {
      if (!(a in tables)) error = "missing";
      else if (b > 0) {
        const t = tables[a];
        const copy = t.length > 0 && ref[t[t.length - 1]] > 1;
        const grow = ceil(lengths[a] + b) - ceil(lengths[a]);
        if ((copy ? 1 : 0) + grow > free()) error = "oom";
        else {
          if (copy) {
            ref[t[t.length - 1]] -= 1;
            t[t.length - 1] = take();
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
        for (const x of tables[a]) ref[x] -= 1;
        delete tables[a];
        delete lengths[a];
      }
    }
    steps.push({ error, free: free() });
  }
  return { steps, tables, lengths, refcounts: ref };
}
