// Bug: softmax over the batch axis (a batch of one) instead of the class axis: every prob becomes 1.
async function textClassification(text, label, engine) {
  const encoded = await engine.tokenize("bert-cls", text);
  const { logits } = await engine.forward("bert-cls", {
    input_ids: [encoded.input_ids],
    attention_mask: [encoded.attention_mask],
  });
  const probs = logits[0].map((_, c) => {
    const column = logits.map((row) => Math.exp(row[c]));
    return column[0] / column.reduce((a, b) => a + b, 0);
  });
  const names = await engine.labels("bert-cls");
  const best = logits[0].indexOf(Math.max(...logits[0]));
  return { label: names[best], probs, loss: -Math.log(probs[label]) };
}
