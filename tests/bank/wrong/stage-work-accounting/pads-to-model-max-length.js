// Wrong: counts padded work as if every sequence were padded to the model's max_length.
async function stageWork(texts, engine) {
  const maxLength = (await engine.info("bert-cls")).max_length;
  const names = await engine.labels("bert-cls");
  const encoded = [];
  for (const text of texts) encoded.push(await engine.tokenize("bert-cls", text, maxLength));
  const lengths = encoded.map((e) => e.input_ids.length);
  const real = lengths.reduce((s, n) => s + n, 0);
  const padded = maxLength * texts.length;
  const labels = [];
  if (texts.length > 0) {
    const ids = encoded.map((e, b) => [...e.input_ids, ...new Array(maxLength - lengths[b]).fill(0)]);
    const mask = lengths.map((n) => [...new Array(n).fill(1), ...new Array(maxLength - n).fill(0)]);
    const { logits } = await engine.forward("bert-cls", { input_ids: ids, attention_mask: mask });
    for (const row of logits) labels.push(names[row.indexOf(Math.max(...row))]);
  }
  return {
    tokenize_calls: texts.length,
    forward_calls: texts.length > 0 ? 1 : 0,
    real_tokens: real,
    padded_tokens: padded,
    padding_ratio: padded ? (padded - real) / padded : 0,
    logits_shape: [texts.length, names.length],
    labels,
  };
}
