// Wrong: extends tokenize's attention_mask with ones, so the model would attend to the padding positions.
async function padBatch(texts, maxLength, engine) {
  const encoded = [];
  for (const text of texts) encoded.push(await engine.tokenize("bert", text, maxLength));
  const longest = encoded.reduce((m, e) => Math.max(m, e.input_ids.length), 0);
  return {
    input_ids: encoded.map((e) => [...e.input_ids, ...new Array(longest - e.input_ids.length).fill(0)]),
    attention_mask: encoded.map(() => new Array(longest).fill(1)),
  };
}
