# Wrong: blocks for n tokens computed as n // B + 1, which over-allocates one block whenever n is an exact multiple of B.
def paged_kv(num_blocks, block_size, ops, engine):
    refcount = [0] * num_blocks
    tables, lengths = {}, {}
    blocks = lambda t: t // block_size + 1 if t > 0 else 0

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
            elif blocks(op[2]) > refcount.count(0):
                error = "oom"
            else:
                tables[op[1]] = [take() for _ in range(blocks(op[2]))]
                lengths[op[1]] = op[2]
        elif op[0] == "append":
            if op[1] not in tables:
                error = "missing"
            elif op[2] > 0:
                seq, n = op[1], op[2]
                table, length = tables[seq], lengths[seq]
                copy = length % block_size != 0 and refcount[table[-1]] > 1
                grow = blocks(length + n) - blocks(length)
                if int(copy) + grow > refcount.count(0):
                    error = "oom"
                else:
                    if copy:
                        refcount[table[-1]] -= 1
                        table[-1] = take()
                    table += [take() for _ in range(grow)]
                    lengths[seq] = length + n
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
