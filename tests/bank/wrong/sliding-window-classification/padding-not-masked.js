// Wrong: pads the shorter windows with id 0 but leaves the attention mask at 1 there, so padding changes their logits.
async function classifyLongText(text, window, stride, engine) {
  const [cls, sep] = (await engine.tokenize("bert-cls", "")).input_ids;
  const inner = [];
  for (const part of text.split(/\s+/).filter((p) => p.length > 0)) {
    inner.push(...(await engine.tokenize("bert-cls", part)).input_ids.slice(1, -1));
  }
  const rows = [];
  for (let start = 0; ; start += stride) {
    rows.push([cls, ...inner.slice(start, start + window), sep]);
    if (start + window >= inner.length) break;
  }
  const longest = Math.max(...rows.map((r) => r.length));
  const batch = rows.map((r) => [...r, ...new Array(longest - r.length).fill(0)]);
  const mask = rows.map(() => new Array(longest).fill(1));
  const { logits } = await engine.forward("bert-cls", { input_ids: batch, attention_mask: mask });
  const names = await engine.labels("bert-cls");
  const probs = new Array(names.length).fill(0);
  for (const row of logits) {
    const top = Math.max(...row);
    const exps = row.map((z) => Math.exp(z - top));
    const total = exps.reduce((s, e) => s + e, 0);
    exps.forEach((e, c) => (probs[c] += e / total / logits.length));
  }
  let best = 0;
  probs.forEach((p, c) => {
    if (p > probs[best]) best = c;
  });
  return { label: names[best], probs, windows: rows.length };
}
