// expect: AC
// The JavaScript side of engine-kv-handle-forgery.py: forged, foreign and malformed pasts are EngineErrors.
async function solve(ctx, engine) {
  const accepted = [];
  const real = (await engine.forward("gpt", { input_ids: [[1, 2, 3]], past: null })).past;
  const [, n, random] = real.split(":");
  const bad = [
    { input_ids: [[4]], past: `kv:${n}:${"f".repeat(12)}` },
    { input_ids: [[4]], past: `kv:${Number(n) + 1}:${random}` },
    { input_ids: [[4]], past: { bytes: 1, model: "gpt", tensors: [] } },
    { input_ids: [[4]], past: [real] },
    { input_ids: [[4]], past: real, past_rows: [-1] },
    { input_ids: [[4]], past: real, all_logits: "yes" },
  ];
  for (const inputs of bad) {
    try {
      await engine.forward("gpt", inputs);
      accepted.push(JSON.stringify(inputs).slice(0, 60));
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
    }
  }
  await engine.forward("gpt", { input_ids: [[4]], past: real });
  return accepted.length === 0 ? "blocked" : `ACCEPTED ${accepted.join("; ")}`;
}
