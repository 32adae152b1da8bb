# Wrong: append writes into a shared, partly filled last block instead of copying it first (no copy-on-write).
def paged_kv(num_blocks, block_size, ops, engine):
    refcount = [0] * num_blocks
    tables, lengths = {}, {}
    ceil = lambda t: -(-t // block_size)

    def take():
        b = refcount.index(0)
        refcount[b] = 1
        return b

    steps = []
    for op in ops:
        error = None
        if op[0] == "alloc":
            if op[1] in tables:
                error = "exists"
            elif ceil(op[2]) > refcount.count(0):
                error = "oom"
            else:
                tables[op[1]] = [take() for _ in range(ceil(op[2]))]
                lengths[op[1]] = op[2]
        elif op[0] == "append":
            if op[1] not in tables:
                error = "missing"
            else:
                grow = ceil(lengths[op[1]] + op[2]) - ceil(lengths[op[1]])
                if grow > refcount.count(0):
                    error = "oom"
                else:
                    tables[op[1]] += [take() for _ in range(grow)]
                    lengths[op[1]] += op[2]
        elif op[0] == "fork":
            if op[1] not in tables:
                error = "missing"
            elif op[2] in tables:
                error = "exists"
            else:
                tables[op[2]] = list(tables[op[1]])
                lengths[op[2]] = lengths[op[1]]
                for b in tables[op[2]]:
                    refcount[b] += 1
        else:
            if op[1] not in tables:
                error = "missing"
            else:
                for b in tables.pop(op[1]):
                    refcount[b] -= 1
                del lengths[op[1]]
        steps.append({"error": error, "free": refcount.count(0)})
    return {"steps": steps, "tables": tables, "lengths": lengths, "refcounts": refcount}
