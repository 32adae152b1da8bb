// Never takes the bonus token when all proposals are accepted: the ids stay right, but it needs more rounds, so accepted/proposed differ.
function argmax(values) {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

async function speculativeDecode(prompt, maxNewTokens, k, engine) {
  const { eos_id: eos } = await engine.info("gpt");
  const { input_ids: ids } = await engine.tokenize("gpt", prompt);
  const out = [];
  let accepted = 0;
  let proposed = 0;
  if (maxNewTokens <= 0) return { ids: out, accepted, proposed };

  // Per model: the cache handle, the mask of the positions it holds, the context tokens not fed yet.
  const target = { model: "gpt", past: null, mask: [], pending: [...ids] };
  const draft = { model: "gpt-draft", past: null, mask: [], pending: [...ids] };
  const feed = async (state, tokens, allLogits = false) => {
    const mask = [...state.mask, ...tokens.map(() => 1)];
    const result = await engine.forward(state.model, { input_ids: [tokens], attention_mask: [mask], past: state.past, all_logits: allLogits });
    state.past = result.past;
    state.mask = mask;
    return result.logits[0];
  };
  // Mask out the last n positions of the cache: rejected proposals are never attended again.
  const rejectLast = (state, n) => {
    if (n > 0) state.mask = [...state.mask.slice(0, state.mask.length - n), ...new Array(n).fill(0)];
  };

  if (ids.length > 1) {
    await feed(target, ids.slice(0, -1));
    target.pending = ids.slice(-1);
  }
  while (out.length < maxNewTokens && !(out.length > 0 && out[out.length - 1] === eos)) {
    const m = Math.min(k, maxNewTokens - out.length);
    const proposals = [argmax(await feed(draft, draft.pending))];
    while (proposals.length < m) proposals.push(argmax(await feed(draft, [proposals[proposals.length - 1]])));
    proposed += m;
    const p = target.pending.length;
    const rows = await feed(target, [...target.pending, ...proposals], true);
    let j = 0;
    let next = null;
    let sawEos = false;
    for (let i = 0; i < m; i++) {
      const t = argmax(rows[p - 1 + i]);
      if (t !== proposals[i]) {
        next = t;
        break;
      }
      j += 1;
      out.push(t);
      if (t === eos) {
        sawEos = true;
        break;
      }
    }
    // (no bonus token when every proposal is accepted)
    accepted += j;
    rejectLast(target, m - j);
    rejectLast(draft, m - 1 - Math.min(j, m - 1)); // the draft fed d_1 … d_{m-1}
    const tail = next === null ? [] : [next];
    out.push(...tail);
    target.pending = tail;
    draft.pending = [...(j === m ? proposals.slice(-1) : []), ...tail];
    if (j === m && !sawEos) {
      // d_m goes back to pending: its logits are recomputed next round instead of taking the bonus.
      rejectLast(target, 1);
      target.pending = proposals.slice(-1);
    }
  }
  return { ids: out, accepted, proposed };
}
