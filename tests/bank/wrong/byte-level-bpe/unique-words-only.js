// Wrong: pair counts ignore word frequency (every distinct word counts once).
function bpeTrainEncode(corpus, numMerges, texts, engine) {
  const utf8 = new TextEncoder();
  const bytesOf = (word) => Array.from(utf8.encode(word));
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
  const compareBytes = (x, y) => {
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
    return x.length - y.length;
  };

  const freq = new Map();
  for (const line of corpus) for (const w of splitWords(line)) freq.set(w, (freq.get(w) ?? 0) + 1);
  let words = [...freq].map(([w, count]) => ({ seq: bytesOf(w), count }));
  const tokenBytes = Array.from({ length: 256 }, (_, i) => [i]); // what every id stands for
  const merges = [];
  for (let m = 0; m < numMerges; m++) {
    const pairs = new Map();
    for (const { seq, count } of words) {
      for (let i = 0; i + 1 < seq.length; i++) {
        const key = `${seq[i]},${seq[i + 1]}`;
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
    }
    if (pairs.size === 0) break;
    let best = null;
    for (const [key, count] of pairs) {
      const [a, b] = key.split(",").map(Number);
      if (
        best === null ||
        count > best.count ||
        (count === best.count &&
          (compareBytes(tokenBytes[a], tokenBytes[best.a]) || compareBytes(tokenBytes[b], tokenBytes[best.b])) < 0)
      ) {
        best = { a, b, count };
      }
    }
    const id = 256 + merges.length;
    merges.push([best.a, best.b]);
    tokenBytes.push([...tokenBytes[best.a], ...tokenBytes[best.b]]);
    words = words.map(({ seq, count }) => ({ seq: mergeWord(seq, best.a, best.b, id), count }));
  }

  const ids = texts.map((text) => {
    const out = [];
    for (const w of splitWords(text)) {
      let seq = bytesOf(w);
      merges.forEach(([a, b], i) => {
        seq = mergeWord(seq, a, b, 256 + i);
      });
      out.push(...seq);
    }
    return out;
  });
  return { merges, ids };
}
