/**
 * Model folders are refused at load when they are not what the manifest promised or reach outside
 * the models folder; folders in the Hugging Face export layout load without any manifest.
 */
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createEngine, EngineError } from "@/lib/engine";
import { externalDataReferences } from "@/lib/engine/onnx-external-data";
import { FIXTURES_DIR, LOAD_TIMEOUT_MS, maxAbsDiff, modelSets, scratchModels } from "./support";

jest.setTimeout(LOAD_TIMEOUT_MS);

const scratchDirs: string[] = [];
async function scratch(from: string, names: string[], manifestNames?: string[]): Promise<string> {
  const dir = await scratchModels(from, names, manifestNames);
  scratchDirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of scratchDirs) await fs.rm(dir, { recursive: true, force: true });
});

async function loadError(modelsDir: string): Promise<EngineError> {
  const error = await createEngine({ modelsDir }).then(
    async (engine) => {
      await engine.close();
      throw new Error("expected the models to be refused");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EngineError);
  return error as EngineError;
}

async function editManifest(dir: string, edit: (models: Record<string, unknown>[]) => void): Promise<void> {
  const file = path.join(dir, "manifest.json");
  const manifest = JSON.parse(await fs.readFile(file, "utf8"));
  edit(manifest.models);
  await fs.writeFile(file, JSON.stringify(manifest));
}

/** A manifest entry hashing the given files of a scratch model folder. */
async function entryFor(dir: string, name: string, files = ["config.json", "vocab.json", "onnx/model.onnx"]) {
  const hashes: Record<string, string> = {};
  for (const file of files) hashes[file] = createHash("sha256").update(await fs.readFile(path.join(dir, name, file))).digest("hex");
  return { name, kind: "word2vec", path: name, files: hashes };
}

describe.each(modelSets())("integrity of $label", (set) => {
  test("a corrupted ONNX file is refused with MODEL_INTEGRITY", async () => {
    const dir = await scratch(set.dir, [set.bertCls]);
    const onnxFile = path.join(dir, set.bertCls, "onnx/model.onnx");
    const bytes = await fs.readFile(onnxFile);
    bytes[bytes.length - 5] ^= 0xff;
    await fs.writeFile(onnxFile, bytes);
    const error = await loadError(dir);
    expect(error.code).toBe("MODEL_INTEGRITY");
    expect(error.message).toMatch(new RegExp(`model "${set.bertCls}": onnx/model.onnx has sha256 [0-9a-f]{12}…, manifest.json expects`));
  });

  test("an edited config.json is refused", async () => {
    const dir = await scratch(set.dir, [set.word2vec]);
    await fs.appendFile(path.join(dir, set.word2vec, "config.json"), " ");
    expect((await loadError(dir)).code).toBe("MODEL_INTEGRITY");
  });
});

describe("integrity rules", () => {
  test("an unchanged copy loads", async () => {
    const dir = await scratch(FIXTURES_DIR, ["tiny-word2vec", "tiny-bert", "tiny-bert-cls"]);
    const engine = await createEngine({ modelsDir: dir });
    expect(engine.listModels().map((m) => m.name)).toEqual(["tiny-word2vec", "tiny-bert", "tiny-bert-cls"]);
    await engine.close();
  });

  test("a file listed in the manifest but missing is MODEL_LOAD", async () => {
    const dir = await scratch(FIXTURES_DIR, ["tiny-word2vec"]);
    await fs.rm(path.join(dir, "tiny-word2vec/vocab.json"));
    const error = await loadError(dir);
    expect(error.code).toBe("MODEL_LOAD");
    expect(error.message).toMatch(/vocab.json" is missing/);
  });

  test("a manifest file path that climbs out of the model folder is refused", async () => {
    const dir = await scratch(FIXTURES_DIR, ["tiny-word2vec"]);
    await editManifest(dir, (models) => {
      (models[0].files as Record<string, string>)["../manifest.json"] = "0".repeat(64);
    });
    const error = await loadError(dir);
    expect(error.code).toBe("MODEL_INTEGRITY");
    expect(error.message).toMatch(/"..\/manifest.json" escapes the model folder/);
  });

  test("a manifest model path outside the models folder is refused", async () => {
    const dir = await scratch(FIXTURES_DIR, ["tiny-word2vec"]);
    await editManifest(dir, (models) => {
      models[0].path = "../../tmp";
    });
    expect((await loadError(dir)).code).toBe("MODEL_INTEGRITY");
  });

  test("a symlink to an identical file outside the models folder is refused", async () => {
    const dir = await scratch(FIXTURES_DIR, ["tiny-word2vec"]);
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), "clockwise-outside-"));
    scratchDirs.push(outside);
    const vocab = path.join(dir, "tiny-word2vec/vocab.json");
    await fs.copyFile(vocab, path.join(outside, "vocab.json"));
    await fs.rm(vocab);
    await fs.symlink(path.join(outside, "vocab.json"), vocab);
    const error = await loadError(dir);
    expect(error.code).toBe("MODEL_INTEGRITY");
    expect(error.message).toMatch(/vocab.json" resolves outside the models folder/);
  });

  test("ONNX external data whose location escapes the model folder is refused, even if the file exists", async () => {
    const dir = await scratch(FIXTURES_DIR, ["external-escape"], []);
    // "../../outside.bin" from onnx/ lands in the models folder, beside (not inside) the model's folder.
    await fs.writeFile(path.join(dir, "outside.bin"), Buffer.alloc(384));
    await fs.writeFile(path.join(dir, "manifest.json"), JSON.stringify({ version: 1, models: [await entryFor(dir, "external-escape")] }));
    const error = await loadError(dir);
    expect(error.code).toBe("MODEL_INTEGRITY");
    expect(error.message).toBe('model "external-escape": tensor "embeddings" stores its data at "../../outside.bin", outside the model folder; refusing to load');
  });

  test("ONNX external data inside the model folder loads and gives the same vectors", async () => {
    const dir = await scratch(FIXTURES_DIR, ["external-ok", "tiny-word2vec"], ["tiny-word2vec"]);
    const entry = await entryFor(dir, "external-ok", ["config.json", "vocab.json", "onnx/model.onnx", "onnx/model.onnx_data"]);
    await editManifest(dir, (models) => models.push(entry));
    const engine = await createEngine({ modelsDir: dir, batchWindowMs: 0 });
    const external = await engine.forward("external-ok", { input_ids: [[1, 2, 3]] });
    const embedded = await engine.forward("tiny-word2vec", { input_ids: [[1, 2, 3]] });
    expect(maxAbsDiff(external.outputs, embedded.outputs)).toBe(0);
    await engine.close();
  });

  test("an external-data file that is a symlink out of the models folder is refused", async () => {
    const dir = await scratch(FIXTURES_DIR, ["external-ok"], []);
    const entry = await entryFor(dir, "external-ok", ["config.json", "vocab.json", "onnx/model.onnx"]);
    await fs.writeFile(path.join(dir, "manifest.json"), JSON.stringify({ version: 1, models: [entry] }));
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), "clockwise-outside-"));
    scratchDirs.push(outside);
    const data = path.join(dir, "external-ok/onnx/model.onnx_data");
    await fs.rename(data, path.join(outside, "model.onnx_data"));
    await fs.symlink(path.join(outside, "model.onnx_data"), data);
    const error = await loadError(dir);
    expect(error.code).toBe("MODEL_INTEGRITY");
    expect(error.message).toMatch(/onnx\/model.onnx_data" resolves outside the models folder/);
  });

  test("a manifest entry must hash every file the engine reads, external data included", async () => {
    const dir = await scratch(FIXTURES_DIR, ["external-ok"], []);
    const write = async (files: string[]) =>
      fs.writeFile(path.join(dir, "manifest.json"), JSON.stringify({ version: 1, models: [await entryFor(dir, "external-ok", files)] }));
    await write(["config.json", "vocab.json"]);
    let error = await loadError(dir);
    expect(error.code).toBe("MODEL_INTEGRITY");
    expect(error.message).toBe('model "external-ok": manifest.json lists no sha256 for onnx/model.onnx, which the engine reads; add it');
    await write(["config.json", "vocab.json", "onnx/model.onnx"]);
    error = await loadError(dir);
    expect(error.message).toMatch(/lists no sha256 for onnx\/model.onnx_data/);
    await write(["onnx/model.onnx_data", "onnx/model.onnx", "vocab.json"]);
    expect((await loadError(dir)).message).toMatch(/lists no sha256 for config.json/);
  });

  test("the external-data reader finds locations and rejects garbage", async () => {
    const escape = await fs.readFile(path.join(FIXTURES_DIR, "external-escape/onnx/model.onnx"));
    expect(externalDataReferences(escape)).toEqual([{ tensorName: "embeddings", location: "../../outside.bin" }]);
    const plain = await fs.readFile(path.join(FIXTURES_DIR, "tiny-bert/onnx/model.onnx"));
    expect(externalDataReferences(plain)).toEqual([]);
    expect(() => externalDataReferences(Buffer.from([0x3a, 0xff, 0xff, 0xff, 0x0f, 0x01]))).toThrow(/runs past its message/);
  });

  test("an unreadable ONNX file in an HF folder is MODEL_LOAD", async () => {
    const dir = await scratch(FIXTURES_DIR, ["tiny-bert"], []);
    await fs.writeFile(path.join(dir, "tiny-bert/onnx/model.onnx"), "this is not a protobuf at all, just text");
    const error = await loadError(dir);
    expect(error.code).toBe("MODEL_LOAD");
    expect(error.message).toMatch(/tiny-bert/);
  });

  test("a graph whose input types the engine cannot feed is MODEL_LOAD at load, not an error per request", async () => {
    const dir = await scratch(FIXTURES_DIR, ["int32-ids"], []);
    await fs.writeFile(path.join(dir, "manifest.json"), JSON.stringify({ version: 1, models: [await entryFor(dir, "int32-ids")] }));
    const error = await loadError(dir);
    expect(error.code).toBe("MODEL_LOAD");
    expect(error.message).toMatch(/model "int32-ids" \(word2vec\): input "input_ids" is int32, expected int64/);
  });

  test("an empty models folder is MODEL_LOAD with a hint", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "clockwise-empty-"));
    scratchDirs.push(dir);
    const error = await loadError(dir);
    expect(error.code).toBe("MODEL_LOAD");
    expect(error.message).toMatch(/no models in .*expected manifest.json or folders with config.json \+ tokenizer.json \+ onnx\/model.onnx/);
  });

  test("a models folder inside the working directory is named relative to it, not by its absolute path", async () => {
    const parent = await fs.mkdtemp(path.join(os.tmpdir(), "clockwise-cwd-"));
    scratchDirs.push(parent);
    await fs.mkdir(path.join(parent, "models"));
    const before = process.cwd();
    process.chdir(parent);
    try {
      const empty = await loadError(path.join(parent, "models"));
      expect(empty.message).toMatch(/^no models in models \(the folder is empty\)/);
      const missing = await loadError(path.join(parent, "gone"));
      expect(missing.message).toBe("models folder gone does not exist (set CLOCKWISE_MODELS_DIR)");
      expect(`${empty.message} ${missing.message}`).not.toContain(parent);
    } finally {
      process.chdir(before);
    }
  });
});

describe("Hugging Face export layout without a manifest", () => {
  test("kinds are inferred: logits + id2label → bert-cls, last_hidden_state → bert (even with id2label)", async () => {
    const dir = await scratch(FIXTURES_DIR, ["tiny-bert", "tiny-bert-cls"], []);
    // A real bert-base-chinese export's config carries a default id2label; it is still an encoder.
    const configFile = path.join(dir, "tiny-bert/config.json");
    const config = JSON.parse(await fs.readFile(configFile, "utf8"));
    await fs.writeFile(configFile, JSON.stringify({ ...config, id2label: { 0: "LABEL_0", 1: "LABEL_1" } }));
    await fs.rename(path.join(dir, "tiny-bert"), path.join(dir, "bert-base-chinese"));
    const engine = await createEngine({ modelsDir: dir, batchWindowMs: 0 });
    const kinds = Object.fromEntries(engine.listModels().map((m) => [m.name, m.kind]));
    expect(kinds).toEqual({ "bert-base-chinese": "bert", "tiny-bert-cls": "bert-cls" });
    expect(engine.labels("tiny-bert-cls")).toEqual(["negative", "neutral", "positive"]);
    const { vectors } = await engine.embed("bert-base-chinese", ["你好"]);
    expect(vectors[0]).toHaveLength(8);
    await engine.close();
  });

  test("HF folders load next to manifest models", async () => {
    const dir = await scratch(FIXTURES_DIR, ["tiny-word2vec", "tiny-bert-cls"], ["tiny-word2vec"]);
    const engine = await createEngine({ modelsDir: dir });
    expect(engine.listModels().map((m) => `${m.name}:${m.kind}`)).toEqual(["tiny-word2vec:word2vec", "tiny-bert-cls:bert-cls"]);
    await engine.close();
  });
});
