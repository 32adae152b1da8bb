# Wrong: stores q + 8 (offset binary) in each nibble instead of the two's-complement q & 0xF.
import math


def quantize_int4(weights, group_size, engine):
    scales, qs, err = [], [], 0.0
    for s in range(0, len(weights), group_size):
        g = weights[s:s + group_size]
        scale = max(abs(w) for w in g) / 7
        scales.append(scale)
        for w in g:
            x = 0 if scale == 0 else w / scale
            q = max(-8, min(7, int(math.copysign(math.floor(abs(x) + 0.5), x))))
            qs.append(q)
            err = max(err, abs(w - q * scale))
    nib = [q + 8 for q in qs] + ([0] if len(qs) % 2 else [])
    return {"packed": [nib[i] | (nib[i + 1] << 4) for i in range(0, len(nib), 2)], "scales": scales, "max_error": err}
