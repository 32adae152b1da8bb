async function textClassification(text, label, engine) {
  const encoded = await engine.tokenize("bert-cls", text);
  const { logits } = await engine.forward("bert-cls", {
    input_ids: [encoded.input_ids],
    attention_mask: [encoded.attention_mask],
  });
  const row = logits[0];
  const top = Math.max(...row);
  const exps = row.map((x) => Math.exp(x - top));
  const total = exps.reduce((a, b) => a + b, 0);
  const probs = exps.map((e) => e / total);
  const names = await engine.labels("bert-cls");
  const best = probs.indexOf(Math.max(...probs));
  return { label: names[best], probs, loss: top + Math.log(total) - row[label] };
}
