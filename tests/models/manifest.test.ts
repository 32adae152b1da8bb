import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const MODELS = join(__dirname, "..", "..", "models");

interface ManifestEntry {
  name: string;
  kind: string;
  path: string;
  files: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(join(MODELS, "manifest.json"), "utf8")) as {
  version: number;
  models: ManifestEntry[];
};

function sha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

describe("models/manifest.json", () => {
  it("lists the three built-in models with their kinds", () => {
    expect(manifest.version).toBe(1);
    expect(manifest.models.map((m) => [m.name, m.kind, m.path])).toEqual(
      expect.arrayContaining([
        ["word2vec", "word2vec", "word2vec"],
        ["bert", "bert", "bert"],
        ["bert-cls", "bert-cls", "bert-cls"],
      ]),
    );
  });

  it.each(manifest.models.map((m) => [m.name, m] as const))("%s: every listed file exists and matches its sha256", (_name, model) => {
    for (const [file, hash] of Object.entries(model.files)) {
      const path = join(MODELS, model.path, file);
      expect(existsSync(path)).toBe(true);
      expect({ file, hash: sha256(path) }).toEqual({ file, hash });
    }
  });

  it.each(manifest.models.map((m) => [m.name, m] as const))("%s: no model file is missing from the manifest", (_name, model) => {
    const onDisk: string[] = [];
    const walk = (dir: string, prefix: string) => {
      for (const entry of readdirSync(dir)) {
        if (statSync(join(dir, entry)).isDirectory()) walk(join(dir, entry), `${prefix}${entry}/`);
        else if (entry !== "quality.json") onDisk.push(`${prefix}${entry}`);
      }
    };
    walk(join(MODELS, model.path), "");
    expect(onDisk.sort()).toEqual(Object.keys(model.files).sort());
  });

  it("word2vec ships config.json, vocab.json and onnx/model.onnx; BERT models the Hugging Face layout", () => {
    const files = Object.fromEntries(manifest.models.map((m) => [m.name, Object.keys(m.files)]));
    expect(files.word2vec).toEqual(expect.arrayContaining(["config.json", "vocab.json", "onnx/model.onnx"]));
    for (const name of ["bert", "bert-cls"]) {
      expect(files[name]).toEqual(expect.arrayContaining(["config.json", "tokenizer.json", "vocab.txt", "onnx/model.onnx"]));
    }
  });
});
