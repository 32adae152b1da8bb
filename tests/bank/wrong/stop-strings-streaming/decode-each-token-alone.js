// Decodes every token on its own and concatenates the pieces, so a character whose bytes span two tokens becomes replacement characters.
function argmax(values) {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

async function streamGenerate(prompt, maxNewTokens, stop, engine) {
  const chunks = [];
  let text = "";
  let emitted = 0;
  let count = 0;
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
    count += 1;
    text += await engine.decode("gpt", [token]);
    const cuts = stop.filter((s) => text.includes(s)).map((s) => text.indexOf(s));
    if (cuts.length > 0) {
      const final = text.slice(0, Math.min(...cuts));
      if (final.length > emitted) chunks.push(final.slice(emitted));
      return { text: final, chunks, finish_reason: "stop" };
    }
    let held = 0;
    for (const s of stop) {
      for (let k = Math.min(s.length - 1, text.length); k > held; k--) {
        if (text.endsWith(s.slice(0, k))) {
          held = k;
          break;
        }
      }
    }
    const safe = text.length - held;
    if (safe > emitted) {
      chunks.push(text.slice(emitted, safe));
      emitted = safe;
    }
    if (count === maxNewTokens) break;
    out = await engine.forward("gpt", { input_ids: [[token]], past: out.past });
  }
  if (text.length > emitted) chunks.push(text.slice(emitted));
  return { text, chunks, finish_reason: finish };
}
