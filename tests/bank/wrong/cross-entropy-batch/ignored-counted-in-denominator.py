# Wrong: ignored samples are skipped in the sum but still counted in the denominator.
import math


def cross_entropy(logits, targets, ignore_index, engine):
    total = 0.0
    for row, target in zip(logits, targets):
        if target == ignore_index:
            continue
        top = max(row)
        total += top + math.log(sum(math.exp(z - top) for z in row)) - row[target]
    return total / len(logits) if logits else 0.0
