// Wrong: KV heads are divided by tp as a fraction, as if a head could be split across GPUs when tp > kv_heads.
function roofline(model, hardware, tp, promptLen, outputLen, batch, engine) {
  const { layers, heads, head_dim: headDim, params } = model;
  const { flops, bandwidth, memory } = hardware;
  const kvHeadsPerGpu = model.kv_heads / tp;
  const kvPerToken = 2 * layers * model.kv_heads * headDim * model.kv_bytes;
  const kvPerTokenGpu = 2 * layers * kvHeadsPerGpu * headDim * model.kv_bytes;
  const weightsGpu = (params * model.weight_bytes) / tp;

  const prefillFlops = batch * (2 * params * promptLen + 2 * layers * heads * headDim * promptLen ** 2);
  const prefillCompute = prefillFlops / (tp * flops);
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
