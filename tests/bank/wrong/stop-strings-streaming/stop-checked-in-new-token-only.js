// Looks for stop strings only in the text of the newest token, so a stop string that spans two tokens is missed.
function argmax(values) {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

async function streamGenerate(prompt, maxNewTokens, stop, engine) {
  const chunks = [];
  const generated = [];
  let emitted = 0;
  if (maxNewTokens <= 0) return { text: "", chunks: [], finish_reason: "length" };
  const { eos_id: eos } = await engine.info("gpt");
  const { input_ids: ids } = await engine.tokenize("gpt", prompt);
  let out = await engine.forward("gpt", { input_ids: [ids], past: null });
  let finish = "length";
  for (;;) {
    const token = argmax(out.logits[0]);
    if (token === eos) {
      finish = "eos";
      break;
    }
    const before = generated.length > 0 ? await engine.decode("gpt", generated) : "";
    generated.push(token);
    const text = await engine.decode("gpt", generated);
    const piece = await engine.decode("gpt", [token]);
    const cuts = stop.filter((s) => piece.includes(s)).map((s) => before.length + piece.indexOf(s));
    if (cuts.length > 0) {
      const final = text.slice(0, Math.min(...cuts));
      if (final.length > emitted) chunks.push(final.slice(emitted));
      return { text: final, chunks, finish_reason: "stop" };
    }
    if (!text.endsWith("\ufffd") && text.length > emitted) {
      chunks.push(text.slice(emitted));
      emitted = text.length;
    }
    if (generated.length === maxNewTokens) break;
    out = await engine.forward("gpt", { input_ids: [[token]], past: out.past });
  }
  const text = generated.length > 0 ? await engine.decode("gpt", generated) : "";
  if (text.length > emitted) chunks.push(text.slice(emitted));
  return { text, chunks, finish_reason: finish };
}
