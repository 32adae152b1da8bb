/** Engine configuration: options beat environment beats defaults, and bad values are refused by name. */
import path from "node:path";
import { resolveEngineConfig } from "@/lib/engine/config";

describe("resolveEngineConfig", () => {
  test("defaults: models/ under the working directory, 2 threads, 2 ms window, 32 per batch", () => {
    expect(resolveEngineConfig({}, {})).toEqual({ modelsDir: path.join(process.cwd(), "models"), threads: 2, batchWindowMs: 2, maxBatch: 32 });
  });

  test("environment variables are read", () => {
    const env = { CLOCKWISE_MODELS_DIR: "/srv/models", CLOCKWISE_ENGINE_THREADS: "1", CLOCKWISE_ENGINE_BATCH_WINDOW_MS: "0", CLOCKWISE_ENGINE_MAX_BATCH: "8" };
    expect(resolveEngineConfig({}, env)).toEqual({ modelsDir: "/srv/models", threads: 1, batchWindowMs: 0, maxBatch: 8 });
  });

  test("explicit options win over the environment", () => {
    expect(resolveEngineConfig({ threads: 4, modelsDir: "/x" }, { CLOCKWISE_ENGINE_THREADS: "1" })).toMatchObject({ threads: 4, modelsDir: "/x" });
  });

  test.each([
    ["CLOCKWISE_ENGINE_THREADS", "zero", /CLOCKWISE_ENGINE_THREADS="zero" is invalid: expected intra-op threads per ONNX session \(1–64\)/],
    ["CLOCKWISE_ENGINE_THREADS", "0", /CLOCKWISE_ENGINE_THREADS="0"/],
    ["CLOCKWISE_ENGINE_THREADS", "2.5", /CLOCKWISE_ENGINE_THREADS/],
    ["CLOCKWISE_ENGINE_BATCH_WINDOW_MS", "-1", /micro-batching window/],
    ["CLOCKWISE_ENGINE_MAX_BATCH", "65", /sequences per fused run \(1–64\)/],
  ])("%s=%s is refused", (name, value, message) => {
    expect(() => resolveEngineConfig({}, { [name]: value })).toThrow(message);
  });

  test("an invalid explicit option is refused", () => {
    expect(() => resolveEngineConfig({ threads: 0 }, {})).toThrow(/threads=0 is invalid/);
  });
});
