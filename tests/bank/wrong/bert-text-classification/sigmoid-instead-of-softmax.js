// Wrong: turns each logit into a probability with a sigmoid (multi-label style), so the probabilities do not sum to 1 and the loss is not the softmax cross-entropy.
async function textClassification(text, label, engine) {
  const maxLength = (await engine.info("bert-cls")).max_length;
  const enc = await engine.tokenize("bert-cls", text, maxLength);
  const logits = (await engine.forward("bert-cls", { input_ids: [enc.input_ids], attention_mask: [enc.attention_mask] })).logits[0];
  const names = await engine.labels("bert-cls");
  const probs = logits.map((z) => 1 / (1 + Math.exp(-z)));
  let best = 0;
  logits.forEach((z, i) => {
    if (z > logits[best]) best = i;
  });
  return { label: names[best], probs, loss: -Math.log(probs[label]) };
}
