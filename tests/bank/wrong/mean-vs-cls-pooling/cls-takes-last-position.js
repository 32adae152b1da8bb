// Wrong: takes the last position of each row as the sentence vector (decoder habit), which is [SEP] or padding, not [CLS] at position 0.
async function poolSentences(texts, method, engine) {
  if (texts.length === 0) return [];
  const maxLength = (await engine.info("bert")).max_length;
  const encoded = [];
  for (const text of texts) encoded.push(await engine.tokenize("bert", text, maxLength));
  const longest = Math.max(...encoded.map((e) => e.input_ids.length));
  const ids = encoded.map((e) => [...e.input_ids, ...new Array(longest - e.input_ids.length).fill(0)]);
  const mask = encoded.map((e) => [...new Array(e.input_ids.length).fill(1), ...new Array(longest - e.input_ids.length).fill(0)]);
  const { last_hidden_state: hidden } = await engine.forward("bert", { input_ids: ids, attention_mask: mask });
  return hidden.map((states, b) => {
    if (method === "cls") return [...states[states.length - 1]];
    const total = new Array(states[0].length).fill(0);
    let count = 0;
    states.forEach((state, t) => {
      if (!mask[b][t]) return;
      count += 1;
      state.forEach((x, k) => (total[k] += x));
    });
    return total.map((x) => x / count);
  });
}
