# Wrong: subtracts the maximum inside log-sum-exp for stability but forgets to add it back, so every loss is off by max(logits).
import math


def cross_entropy(logits, targets, ignore_index, engine):
    total, count = 0.0, 0
    for row, target in zip(logits, targets):
        if target == ignore_index:
            continue
        top = max(row)
        lse = math.log(sum(math.exp(z - top) for z in row))
        total += lse - row[target]
        count += 1
    return total / count if count else 0.0
