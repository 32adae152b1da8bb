// Wrong: tokenizes the whole text in one call, which stops at max_length, so the windows never see the end of a long text.
async function classifyLongText(text, window, stride, engine) {
  const maxLength = (await engine.info("bert-cls")).max_length;
  const ids = (await engine.tokenize("bert-cls", text, maxLength)).input_ids;
  const cls = ids[0];
  const sep = ids[ids.length - 1];
  const inner = ids.slice(1, -1);
  const rows = [];
  for (let start = 0; ; start += stride) {
    rows.push([cls, ...inner.slice(start, start + window), sep]);
    if (start + window >= inner.length) break;
  }
  const longest = Math.max(...rows.map((r) => r.length));
  const batch = rows.map((r) => [...r, ...new Array(longest - r.length).fill(0)]);
  const mask = rows.map((r) => [...new Array(r.length).fill(1), ...new Array(longest - r.length).fill(0)]);
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
