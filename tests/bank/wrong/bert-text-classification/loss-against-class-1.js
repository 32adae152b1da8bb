// Wrong, like the seed's sample: the loss is always taken against class 1, whatever `label` says.
async function textClassification(text, label, engine) {
  const maxLength = (await engine.info("bert-cls")).max_length;
  const enc = await engine.tokenize("bert-cls", text, maxLength);
  const { logits } = await engine.forward("bert-cls", { input_ids: [enc.input_ids], attention_mask: [enc.attention_mask] });
  const row = logits[0];
  const names = await engine.labels("bert-cls");
  const top = Math.max(...row);
  const total = row.reduce((s, z) => s + Math.exp(z - top), 0);
  const probs = row.map((z) => Math.exp(z - top) / total);
  return { label: names[row.indexOf(top)], probs, loss: top + Math.log(total) - row[1] };
}
