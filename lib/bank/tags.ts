/**
 * The known topic tags of the bank. A question may only use tags listed here, so filters stay
 * meaningful; adding a topic is adding a line (with both labels).
 */
export const TAGS = {
  pipeline: { en: "Inference pipeline", zh: "推理流程" },
  "cpu-analogy": { en: "CPU clock analogy", zh: "CPU 时钟类比" },
  tokenization: { en: "Tokenization", zh: "分词" },
  embeddings: { en: "Embeddings", zh: "词向量与嵌入" },
  pooling: { en: "Pooling", zh: "池化" },
  attention: { en: "Attention & masking", zh: "注意力与掩码" },
  transformer: { en: "Transformer forward pass", zh: "Transformer 前向计算" },
  "kv-cache": { en: "KV cache", zh: "KV 缓存" },
  batching: { en: "Batching & padding", zh: "批处理与填充" },
  sampling: { en: "Sampling & decoding", zh: "采样与解码" },
  quantization: { en: "Quantization", zh: "量化" },
  latency: { en: "Latency metrics", zh: "延迟指标" },
  profiling: { en: "Profiling", zh: "性能剖析" },
  serving: { en: "Serving systems", zh: "推理服务" },
  numerics: { en: "Numerical stability", zh: "数值稳定性" },
  classification: { en: "Classification & loss", zh: "分类与损失" },
  retrieval: { en: "Retrieval", zh: "检索" },
  word2vec: { en: "Word2Vec", zh: "Word2Vec" },
  bert: { en: "BERT", zh: "BERT" },
  optimization: { en: "Inference optimization", zh: "推理优化" },
  decoding: { en: "LLM decoding loop", zh: "LLM 解码循环" },
  moe: { en: "Mixture of experts", zh: "混合专家（MoE）" },
  parallelism: { en: "Parallelism (TP/PP/EP/SP)", zh: "并行（张量/流水线/专家/序列）" },
  "long-context": { en: "Long context", zh: "长上下文" },
  scheduling: { en: "Scheduling", zh: "调度" },
  memory: { en: "Memory planning", zh: "显存与内存规划" },
  frameworks: { en: "Serving frameworks", zh: "推理框架" },
  kernels: { en: "Kernels & GPU execution", zh: "算子与 GPU 执行" },
  "vector-search": { en: "Vector search (ANN)", zh: "向量检索（ANN）" },
} as const;

export type Tag = keyof typeof TAGS;
export const TAG_NAMES = Object.keys(TAGS) as [Tag, ...Tag[]];
