interface Encoded {
  input_ids: number[];
  attention_mask: number[];
}
interface Engine {
  tokenize(model: string, text: string): Promise<Encoded>;
  forward(model: string, inputs: { input_ids: number[][]; attention_mask: number[][] }): Promise<{ logits: number[][] }>;
  labels(model: string): Promise<string[]>;
}

export async function textClassification(text: string, label: number, engine: Engine) {
  const encoded = await engine.tokenize("bert-cls", text);
  const { logits } = await engine.forward("bert-cls", { input_ids: [encoded.input_ids], attention_mask: [encoded.attention_mask] });
  const row = logits[0];
  const top = Math.max(...row);
  const exps = row.map((x) => Math.exp(x - top));
  const total = exps.reduce((a, b) => a + b, 0);
  const probs = exps.map((e) => e / total);
  const names = await engine.labels("bert-cls");
  return { label: names[probs.indexOf(Math.max(...probs))], probs, loss: top + Math.log(total) - row[label] };
}
