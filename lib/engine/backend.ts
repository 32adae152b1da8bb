/**
 * The one file that imports onnxruntime-node. Everything else in the engine speaks in typed arrays
 * and shapes, so the runtime could be swapped (or mocked by nobody) in one place.
 */
import * as ort from "onnxruntime-node";
import { EngineError } from "./errors";

/** An int64 input tensor, row-major, [batch, seq]. */
export type IdTensor = { data: BigInt64Array; dims: readonly [number, number] };

/** A float32 tensor, row-major: every output, and the KV-cache inputs of decoder graphs. */
export type FloatTensor = { data: Float32Array; dims: readonly number[] };

/** What a graph is fed: int64 ids/masks/positions, or float32 past keys and values (decoder LMs). */
export type FeedTensor = IdTensor | FloatTensor;

/** One loaded ONNX graph; created once per model and reused for every request. */
export type ModelSession = {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Element type of each tensor input and output ("int64", "float32", …), as declared by the graph. */
  readonly valueTypes: Readonly<Record<string, string>>;
  run(feeds: Record<string, FeedTensor>): Promise<Record<string, FloatTensor>>;
  release(): Promise<void>;
};

/**
 * Opens an ONNX model file with a fixed number of intra-op threads.
 *
 * @example
 * const session = await openSession("models/word2vec/onnx/model.onnx", 2);
 * const out = await session.run({ input_ids: { data: BigInt64Array.from([1n, 2n]), dims: [1, 2] } });
 * out.vectors.dims // → [1, 2, dim]
 */
export async function openSession(modelPath: string, threads: number): Promise<ModelSession> {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(modelPath, {
      intraOpNumThreads: threads,
      // BERT and Gather graphs have no parallel branches worth a second pool.
      interOpNumThreads: 1,
      executionMode: "sequential",
      graphOptimizationLevel: "all",
      logSeverityLevel: 3,
      // Idle pool threads normally spin for a while after each run. With three sessions, a grader and
      // a web server sharing two cores, spinning threads steal the CPU the next run needs (measured:
      // BERT batch-32 p50 57 ms spinning vs 28 ms not, and 2–6× worse with two sessions interleaved).
      extra: { session: { intra_op: { allow_spinning: "0" } } },
    });
  } catch (cause) {
    throw new EngineError("MODEL_LOAD", `ONNX Runtime could not load ${modelPath}: ${(cause as Error).message}`, { cause });
  }
  const valueTypes: Record<string, string> = {};
  for (const meta of [...session.inputMetadata, ...session.outputMetadata]) {
    valueTypes[meta.name] = meta.isTensor ? meta.type : "non-tensor";
  }
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    valueTypes,
    async run(feeds) {
      const tensors: Record<string, ort.Tensor> = {};
      for (const [name, feed] of Object.entries(feeds)) {
        // Float32 feeds (a decoder's past keys/values) are wrapped as they are: no copy per decode step.
        tensors[name] = feed.data instanceof Float32Array ? new ort.Tensor("float32", feed.data, feed.dims) : new ort.Tensor("int64", feed.data, feed.dims);
      }
      let results: ort.InferenceSession.OnnxValueMapType;
      try {
        results = await session.run(tensors);
      } catch (cause) {
        throw new EngineError("INTERNAL", `ONNX Runtime failed: ${(cause as Error).message}`, { cause });
      }
      const outputs: Record<string, FloatTensor> = {};
      for (const name of session.outputNames) {
        const tensor = results[name] as ort.Tensor;
        const data = tensor.data instanceof Float32Array ? tensor.data : Float32Array.from(tensor.data as ArrayLike<number>);
        outputs[name] = { data, dims: tensor.dims };
      }
      return outputs;
    },
    release: () => session.release(),
  };
}
