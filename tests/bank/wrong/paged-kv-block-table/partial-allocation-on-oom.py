# Wrong: blocks are taken one at a time and the op reports oom only when the pool runs dry, keeping what it already took.
def paged_kv(num_blocks, block_size, ops, engine):
    refcount = [0] * num_blocks
    tables, lengths = {}, {}
    ceil = lambda t: -(-t // block_size)

    def take():
        if 0 not in refcount:
            return None
        b = refcount.index(0)
        refcount[b] = 1
        return b

    def grow(seq, n):
        table = tables[seq]
        length = lengths[seq]
        if length % block_size and table and refcount[table[-1]] > 1:
            b = take()
            if b is None:
                return "oom"
            refcount[table[-1]] -= 1
            table[-1] = b
        while len(table) < ceil(length + n):
            b = take()
            if b is None:
                return "oom"
            table.append(b)
        lengths[seq] = length + n
        return None

    steps = []
    for op in ops:
        error = None
        if op[0] == "alloc":
            if op[1] in tables:
                error = "exists"
            else:
                tables[op[1]], lengths[op[1]] = [], 0
                error = grow(op[1], op[2])
        elif op[0] == "append":
            error = "missing" if op[1] not in tables else (grow(op[1], op[2]) if op[2] else None)
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
