// Wrong: prefill FLOPs are divided by one GPU's peak instead of the tp GPUs that share the work.
function roofline(model, hardware, tp, promptLen, outputLen, batch, engine) {
  const { layers, heads, head_dim: headDim, params } = model;
  const { flops, bandwidth, memory } = hardware;
  const kvHeadsPerGpu = Math.ceil(model.kv_heads / tp); // replicated when tp > kv_heads
  const kvPerToken = 2 * layers * model.kv_heads * headDim * model.kv_bytes;
  const kvPerTokenGpu = 2 * layers * kvHeadsPerGpu * headDim * model.kv_bytes;
  const weightsGpu = (params * model.weight_bytes) / tp;

  const prefillFlops = batch * (2 * params * promptLen + 2 * layers * heads * headDim * promptLen ** 2);
  const prefillCompute = prefillFlops / flops;
  const prefillMemory = weightsGpu / bandwidth;

  const decodeCompute = (batch * 2 * params) / tp / flops;
  const decodeMemory = (weightsGpu + batch * promptLen * kvPerTokenGpu) / bandwidth;

  const spare = memory - weightsGpu;
  const perSequence = kvPerTokenGpu * (promptLen + outputLen);
  return {
    kv_bytes_per_token: kvPerToken,
    kv_bytes_per_token_per_gpu: kvPerTokenGpu,
    weight_bytes_per_gpu: weightsGpu,
    prefill_time: Math.max(prefillCompute, prefillMemory),
    prefill_bound: prefillCompute > prefillMemory ? "compute" : "memory",
    tpot: Math.max(decodeCompute, decodeMemory),
    decode_bound: decodeCompute > decodeMemory ? "compute" : "memory",
    max_concurrency: Math.max(0, Math.floor(spare / perSequence)),
  };
}
