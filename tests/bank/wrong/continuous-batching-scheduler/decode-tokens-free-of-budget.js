// Wrong: running decodes do not spend the token budget, so prefills get the whole budget every step.
function schedule(requests, config, engine) {
  const { token_budget: budgetPerStep, num_blocks: numBlocks, block_size: block, static_batch: size } = config;
  const n = requests.length;
  const blocksFor = (tokens) => Math.ceil(tokens / block);
  const generated = new Array(n).fill(0);
  const held = new Array(n).fill(0); // KV blocks each request holds
  const ttft = new Array(n).fill(null);
  const finish = new Array(n).fill(null);
  const arrivals = requests.map((_, i) => i).sort((a, b) => requests[a].arrival - requests[b].arrival || a - b);
  const waiting = [];
  const running = []; // admission order: oldest first
  let free = numBlocks;
  let preemptions = 0;
  let done = 0;
  let nextArrival = 0;
  for (let step = 0; done < n; step++) {
    while (nextArrival < n && requests[arrivals[nextArrival]].arrival <= step) waiting.push(arrivals[nextArrival++]);
    let budget = budgetPerStep;
    const scheduled = [];
    for (let i = 0; i < running.length && budget >= 1; i++) {
      const r = running[i];
      const extra = blocksFor(requests[r].prompt + generated[r]) - held[r];
      let selfPreempted = false;
      while (free < extra) {
        const victim = running.pop(); // the youngest running request
        free += held[victim];
        held[victim] = 0;
        waiting.unshift(victim);
        preemptions += 1;
        if (victim === r) {
          selfPreempted = true;
          break;
        }
      }
      if (selfPreempted) break;
      free -= extra;
      held[r] += extra;
      scheduled.push(r);
    }
    while (waiting.length > 0) {
      const h = waiting[0];
      const tokens = requests[h].prompt + generated[h];
      if (tokens > budget || blocksFor(tokens) > free) break; // FCFS: nobody overtakes the head
      waiting.shift();
      running.push(h);
      free -= blocksFor(tokens);
      held[h] = blocksFor(tokens);
      budget -= tokens;
      scheduled.push(h);
    }
    for (const r of scheduled) {
      generated[r] += 1;
      if (ttft[r] === null) ttft[r] = step;
      if (generated[r] === requests[r].output) {
        finish[r] = step;
        free += held[r];
        held[r] = 0;
        running.splice(running.indexOf(r), 1);
        done += 1;
      }
    }
  }
  const staticTtft = new Array(n).fill(null);
  const staticFinish = new Array(n).fill(null);
  let ready = 0;
  for (let start = 0; start < n; start += size) {
    const batch = arrivals.slice(start, start + size);
    const begin = Math.max(ready, ...batch.map((i) => requests[i].arrival));
    const end = begin + Math.max(...batch.map((i) => requests[i].output)) - 1;
    for (const i of batch) {
      staticTtft[i] = begin;
      staticFinish[i] = end;
    }
    ready = end + 1;
  }
  return { ttft, finish, preemptions, static_ttft: staticTtft, static_finish: staticFinish };
}
