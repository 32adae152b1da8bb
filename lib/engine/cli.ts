/**
 * Command line for the engine: run one request and print the answer and where the time went.
 *
 *   npm run engine -- info                                  every model
 *   npm run engine -- info --model bert-cls
 *   npm run engine -- tokenize --model bert "Café 中文"
 *   npm run engine -- embed --model word2vec "我喜欢机器学习" "another text"
 *   npm run engine -- classify --model bert-cls "这部电影太好看了" --label 1
 *   npm run engine -- encode --model bert "你好" --json
 *   npm run engine -- decode --model gpt 464 3797
 *   npm run engine -- generate --model gpt "The cat" --max-tokens 32 [--no-cache] [--json]
 * Options: --models-dir DIR (default CLOCKWISE_MODELS_DIR or ./models), --threads N, --json.
 */
import { parseArgs } from "node:util";
import { type Generation, generateGreedy } from "./generate";
import { createEngine, type Engine, EngineError, type Trace } from "./index";

const USAGE = `usage: npm run engine -- <info|tokenize|embed|classify|encode|decode|generate> [--model NAME] [TEXT…|IDS…] [--label N] [--max-tokens N] [--no-cache] [--json] [--models-dir DIR] [--threads N]`;

/** The generation as text, then one row per step (all of them: generations are short) and the summary. */
function generationReport(g: Generation): string {
  const f = (value: number) => value.toFixed(3);
  const lines = [`${JSON.stringify(g.text)} (${g.ids.length} tokens, stopped at ${g.stoppedAt})`, "", "| step | phase | tokens in | past | token | input ms | forward ms | post ms | feedback ms |", "|---:|---|---:|---:|---:|---:|---:|---:|---:|"];
  for (const s of g.steps) {
    lines.push(`| ${s.index} | ${s.phase} | ${s.tokensIn} | ${s.pastLength} | ${s.token} | ${f(s.stagesMs.input)} | ${f(s.stagesMs.forward)} | ${f(s.stagesMs.post)} | ${f(s.stagesMs.feedback)} |`);
  }
  const m = g.summary;
  lines.push(
    "",
    `prompt ${m.promptTokens} tokens, ${m.newTokens} new, ${m.forwardTokens} tokens through forward; ` +
      `TTFT ${f(m.ttftMs)} ms, TPOT ${m.tpotMs === null ? "-" : f(m.tpotMs)} ms, ${m.tokensPerSecond === null ? "-" : m.tokensPerSecond.toFixed(1)} tokens/s, total ${f(m.totalMs)} ms`,
  );
  return lines.join("\n");
}

function stageTable(trace: Trace): string {
  const rows: [string, number | undefined][] = [
    ["input (tokenize)", trace.stagesNs.input],
    ["forward (session.run)", trace.stagesNs.forward],
    ["post (pooling/softmax)", trace.stagesNs.post],
    ["feedback (loss)", trace.stagesNs.feedback],
  ];
  const total = rows.reduce((sum, [, ns]) => sum + (ns ?? 0), 0);
  const lines = ["| stage | ms | share |", "|---|---:|---:|"];
  for (const [stage, ns] of rows) {
    if (ns === undefined) continue;
    lines.push(`| ${stage} | ${(ns / 1e6).toFixed(3)} | ${total ? ((100 * ns) / total).toFixed(1) : "0.0"}% |`);
  }
  lines.push(`| total | ${(total / 1e6).toFixed(3)} | 100% |`);
  const queued = trace.queueNs > 0 ? ` (forward includes ${(trace.queueNs / 1e6).toFixed(3)} ms waiting for a micro-batch)` : "";
  return `${lines.join("\n")}\n\nmodel ${trace.model}, ${trace.batchSize} sequence(s), ${trace.tokens} token(s), session.run batch ${trace.runBatchSize}${queued}`;
}

function short(vector: number[], keep = 6): string {
  const head = vector.slice(0, keep).map((v) => v.toFixed(4)).join(", ");
  return `[${head}${vector.length > keep ? `, … (${vector.length} values)` : ""}]`;
}

type Options = { label?: number; maxTokens: number; cache: boolean; json: boolean };

async function run(engine: Engine, command: string, model: string | undefined, texts: string[], options: Options): Promise<void> {
  const { label, json } = options;
  const print = (value: unknown, human: () => string) => console.log(json ? JSON.stringify(value, null, 2) : human());
  const need = (): string => {
    if (!model) throw new EngineError("INVALID_INPUT", `${command} needs --model NAME (one of ${engine.listModels().map((m) => m.name).join(", ")})`);
    return model;
  };
  const needTexts = () => {
    if (texts.length === 0) throw new EngineError("INVALID_INPUT", `${command} needs at least one text`);
    return texts;
  };
  switch (command) {
    case "info": {
      const value = model ? engine.info(model) : engine.listModels();
      return print(value, () => JSON.stringify(value, null, 2));
    }
    case "tokenize": {
      const name = need();
      const results = needTexts().map((text) => engine.tokenize(name, text));
      return print(results, () => results.map((r) => Object.entries(r).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join("\n")).join("\n\n"));
    }
    case "embed": {
      const { vectors, trace } = await engine.embed(need(), needTexts());
      return print({ vectors, trace }, () => `${vectors.map((v, i) => `${JSON.stringify(texts[i])} → ${short(v)}`).join("\n")}\n\n${stageTable(trace)}`);
    }
    case "classify": {
      const labels = label === undefined ? undefined : needTexts().map(() => label);
      const { predictions, trace } = await engine.classify(need(), needTexts(), { labels });
      return print({ predictions, trace }, () => {
        const names = engine.labels(need());
        const lines = predictions.map((p, i) => {
          const probs = p.probs.map((prob, c) => `${names[c]} ${prob.toFixed(4)}`).join(", ");
          return `${JSON.stringify(texts[i])} → ${p.label} (${probs})${p.loss === undefined ? "" : `, loss ${p.loss.toFixed(4)}`}`;
        });
        return `${lines.join("\n")}\n\n${stageTable(trace)}`;
      });
    }
    case "encode": {
      const { hidden, trace } = await engine.encode(need(), needTexts());
      return print({ hidden, trace }, () => `${hidden.map((h, i) => `${JSON.stringify(texts[i])} → ${h.length} × ${h[0]?.length ?? 0}; first ${short(h[0] ?? [])}`).join("\n")}\n\n${stageTable(trace)}`);
    }
    case "decode": {
      const ids = needTexts().flatMap((arg) => arg.split(/[\s,]+/).filter(Boolean)).map(Number);
      const text = engine.decode(need(), ids);
      return print({ text }, () => text);
    }
    case "generate": {
      const name = need();
      const prompt = needTexts().join(" ");
      const generation = await generateGreedy(engine, name, engine.tokenize(name, prompt).input_ids, options.maxTokens, { cache: options.cache });
      return print(generation, () => generationReport(generation));
    }
    default:
      throw new EngineError("INVALID_INPUT", `unknown command "${command}"\n${USAGE}`);
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      model: { type: "string", short: "m" },
      label: { type: "string" },
      "max-tokens": { type: "string", default: "32" },
      "no-cache": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      "models-dir": { type: "string" },
      threads: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, ...texts] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const engine = await createEngine({
    modelsDir: values["models-dir"],
    threads: values.threads === undefined ? undefined : Number(values.threads),
    batchWindowMs: 0,
  });
  try {
    await run(engine, command, values.model, texts, {
      label: values.label === undefined ? undefined : Number(values.label),
      maxTokens: Number(values["max-tokens"]),
      cache: !values["no-cache"],
      json: values.json ?? false,
    });
    return 0;
  } finally {
    await engine.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof EngineError ? `engine: ${error.code}: ${error.message}` : error);
    process.exit(1);
  },
);
