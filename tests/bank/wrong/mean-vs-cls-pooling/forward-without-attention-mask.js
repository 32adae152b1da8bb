// Wrong: pads the batch but does not pass attention_mask to forward, so the model attends to the padding and a short text's states change with its batch.
async function poolSentences(texts, method, engine) {
  if (texts.length === 0) return [];
  const maxLength = (await engine.info("bert")).max_length;
  const encoded = [];
  for (const text of texts) encoded.push(await engine.tokenize("bert", text, maxLength));
  const longest = Math.max(...encoded.map((e) => e.input_ids.length));
  const ids = encoded.map((e) => [...e.input_ids, ...new Array(longest - e.input_ids.length).fill(0)]);
  const { last_hidden_state: hidden } = await engine.forward("bert", { input_ids: ids });
  return hidden.map((states, b) => {
    if (method === "cls") return [...states[0]];
    const n = encoded[b].input_ids.length;
    const total = new Array(states[0].length).fill(0);
    for (let t = 0; t < n; t++) states[t].forEach((x, k) => (total[k] += x));
    return total.map((x) => x / n);
  });
}
