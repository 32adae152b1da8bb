// Wrong: pads on the left (the decoder-style layout) although the task asks for right padding with [CLS] at position 0.
async function padBatch(texts, maxLength, engine) {
  const encoded = [];
  for (const text of texts) encoded.push(await engine.tokenize("bert", text, maxLength));
  const longest = encoded.reduce((m, e) => Math.max(m, e.input_ids.length), 0);
  return {
    input_ids: encoded.map((e) => [...new Array(longest - e.input_ids.length).fill(0), ...e.input_ids]),
    attention_mask: encoded.map((e) => [...new Array(longest - e.input_ids.length).fill(0), ...new Array(e.input_ids.length).fill(1)]),
  };
}
