// Mistake: pads every row to the model's max_length instead of the longest text in the batch, so left padding shifts positions by a different amount.
function argmax(values) {
  let best = 0;
  values.forEach((v, i) => {
    if (v > values[best]) best = i;
  });
  return best;
}

async function batchInvariance(texts, paddingSide, engine) {
  if (texts.length === 0) return { labels: [], batch_labels: [], max_diff: 0 };
  const maxLength = (await engine.info("bert-cls")).max_length;
  const encoded = [];
  for (const t of texts) encoded.push(await engine.tokenize("bert-cls", t, maxLength));
  const single = [];
  for (const enc of encoded) {
    const out = await engine.forward("bert-cls", { input_ids: [enc.input_ids], attention_mask: [enc.attention_mask] });
    single.push(out.logits[0]);
  }
  const width = maxLength;
  const ids = [];
  const mask = [];
  for (const enc of encoded) {
    const pad = new Array(width - enc.input_ids.length).fill(0);
    if (paddingSide === "left") {
      ids.push([...pad, ...enc.input_ids]);
      mask.push([...pad, ...enc.attention_mask]);
    } else {
      ids.push([...enc.input_ids, ...pad]);
      mask.push([...enc.attention_mask, ...pad]);
    }
  }
  const batched = (await engine.forward("bert-cls", { input_ids: ids, attention_mask: mask })).logits;
  let diff = 0;
  single.forEach((row, i) => row.forEach((a, c) => {
    diff = Math.max(diff, Math.abs(a - batched[i][c]));
  }));
  return { labels: single.map(argmax), batch_labels: batched.map(argmax), max_diff: diff };
}
