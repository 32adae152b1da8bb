// Wrong: divides the padding by the real tokens instead of by the padded tokens, so the ratio is not the share of forward work spent on padding.
async function stageWork(texts, engine) {
  const maxLength = (await engine.info("bert-cls")).max_length;
  const names = await engine.labels("bert-cls");
  const encoded = [];
  for (const text of texts) encoded.push(await engine.tokenize("bert-cls", text, maxLength));
  const lengths = encoded.map((e) => e.input_ids.length);
  const longest = lengths.reduce((m, n) => Math.max(m, n), 0);
  const real = lengths.reduce((s, n) => s + n, 0);
  const padded = longest * texts.length;
  const labels = [];
  if (texts.length > 0) {
    const ids = encoded.map((e, b) => [...e.input_ids, ...new Array(longest - lengths[b]).fill(0)]);
    const mask = lengths.map((n) => [...new Array(n).fill(1), ...new Array(longest - n).fill(0)]);
    const { logits } = await engine.forward("bert-cls", { input_ids: ids, attention_mask: mask });
    for (const row of logits) labels.push(names[row.indexOf(Math.max(...row))]);
  }
  return {
    tokenize_calls: texts.length,
    forward_calls: texts.length > 0 ? 1 : 0,
    real_tokens: real,
    padded_tokens: padded,
    padding_ratio: real ? (padded - real) / real : 0,
    logits_shape: [texts.length, names.length],
    labels,
  };
}
