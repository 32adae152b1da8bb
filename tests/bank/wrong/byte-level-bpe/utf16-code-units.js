// Wrong: words are split with charCodeAt into UTF-16 code units instead of UTF-8 bytes (Chinese and emoji come out wrong).
function bpeTrainEncode(corpus, numMerges, texts, engine) {
  const unitsOf = (word) => Array.from({ length: word.length }, (_, i) => word.charCodeAt(i));
  const splitWords = (text) => text.split(" ").filter((w) => w.length > 0);
  const mergeWord = (seq, a, b, id) => {
    const out = [];
    for (let i = 0; i < seq.length; i++) {
      if (i + 1 < seq.length && seq[i] === a && seq[i + 1] === b) {
        out.push(id);
        i++;
      } else out.push(seq[i]);
    }
    return out;
  };
  const spelled = new Map(); // merged id -> the units it stands for
  const unitsFor = (id) => spelled.get(id) ?? [id];
  const compare = (x, y) => {
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
    return x.length - y.length;
  };
  const freq = new Map();
  for (const line of corpus) for (const w of splitWords(line)) freq.set(w, (freq.get(w) ?? 0) + 1);
  let words = [...freq].map(([w, count]) => ({ seq: unitsOf(w), count }));
  const merges = [];
  for (let m = 0; m < numMerges; m++) {
    const pairs = new Map();
    for (const { seq, count } of words) {
      for (let i = 0; i + 1 < seq.length; i++) {
        const key = `${seq[i]},${seq[i + 1]}`;
        pairs.set(key, (pairs.get(key) ?? 0) + count);
      }
    }
    if (pairs.size === 0) break;
    let best = null;
    for (const [key, count] of pairs) {
      const [a, b] = key.split(",").map(Number);
      if (!best || count > best.count || (count === best.count && (compare(unitsFor(a), unitsFor(best.a)) || compare(unitsFor(b), unitsFor(best.b))) < 0)) {
        best = { a, b, count };
      }
    }
    const id = 256 + merges.length;
    merges.push([best.a, best.b]);
    spelled.set(id, [...unitsFor(best.a), ...unitsFor(best.b)]);
    words = words.map(({ seq, count }) => ({ seq: mergeWord(seq, best.a, best.b, id), count }));
  }
  const ids = texts.map((text) => {
    const out = [];
    for (const w of splitWords(text)) {
      let seq = unitsOf(w);
      merges.forEach(([a, b], i) => {
        seq = mergeWord(seq, a, b, 256 + i);
      });
      out.push(...seq);
    }
    return out;
  });
  return { merges, ids };
}
