# Wrong: recompute preemption throws away the generated tokens too, so the request starts its output again from scratch.
def schedule(requests, config, engine):
    budget_per_step = config["token_budget"]
    num_blocks, block = config["num_blocks"], config["block_size"]
    n = len(requests)
    blocks_for = lambda tokens: -(-tokens // block)
    generated = [0] * n
    held = [0] * n  # KV blocks each request holds
    ttft, finish = [None] * n, [None] * n
    arrivals = sorted(range(n), key=lambda i: (requests[i]["arrival"], i))
    waiting, running = [], []  # running is in admission order: oldest first
    free, preemptions, done, step, next_arrival = num_blocks, 0, 0, 0, 0
    while done < n:
        while next_arrival < n and requests[arrivals[next_arrival]]["arrival"] <= step:
            waiting.append(arrivals[next_arrival])
            next_arrival += 1
        budget, scheduled = budget_per_step, []
        i = 0
        while i < len(running) and budget >= 1:
            r = running[i]
            extra = blocks_for(requests[r]["prompt"] + generated[r]) - held[r]
            while free < extra:
                victim = running.pop()  # the youngest running request
                free += held[victim]
                held[victim] = 0
                generated[victim] = 0
                waiting.insert(0, victim)
                preemptions += 1
                if victim == r:
                    break
            if r not in running:
                break
            free -= extra
            held[r] += extra
            budget -= 1
            scheduled.append(r)
            i += 1
        while waiting:
            h = waiting[0]
            tokens = requests[h]["prompt"] + generated[h]
            if tokens > budget or blocks_for(tokens) > free:
                break  # first come, first served: nobody overtakes the head
            waiting.pop(0)
            running.append(h)
            free -= blocks_for(tokens)
            held[h] = blocks_for(tokens)
            budget -= tokens
            scheduled.append(h)
        for r in scheduled:
            generated[r] += 1
            if ttft[r] is None:
                ttft[r] = step
            if generated[r] == requests[r]["output"]:
                finish[r] = step
                free += held[r]
                held[r] = 0
                running.remove(r)
                done += 1
        step += 1
    static_ttft, static_finish = [None] * n, [None] * n
    ready = 0
    size = config["static_batch"]
    for start in range(0, n, size):
        batch = arrivals[start:start + size]
        begin = max([ready] + [requests[i]["arrival"] for i in batch])
        end = begin + max(requests[i]["output"] for i in batch) - 1
        for i in batch:
            static_ttft[i], static_finish[i] = begin, end
        ready = end + 1
    return {"ttft": ttft, "finish": finish, "preemptions": preemptions,
            "static_ttft": static_ttft, "static_finish": static_finish}
