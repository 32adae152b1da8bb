"""A small GPT-2-style decoder (pre-LayerNorm, learned positions, GELU MLP, tied input/output embedding)
whose forward has the Hugging Face decoder-export I/O, so one ONNX graph serves prefill and decode:

  inputs   input_ids       int64 [batch, seq]
           attention_mask  int64 [batch, past_seq + seq]   1 = real token, 0 = (left) padding
           position_ids    int64 [batch, seq]
           past_key_values.{i}.key / .value   float32 [batch, n_head, past_seq, head_dim]  (past_seq may be 0)
  outputs  logits          float32 [batch, seq, vocab]
           present.{i}.key / .value           float32 [batch, n_head, past_seq + seq, head_dim]

A query at absolute index past_seq + t sees key j when j <= past_seq + t (causal) and attention_mask[j] == 1.
Masked scores are set to -1e9 (finite), so a padding query that sees nothing gets a uniform (unused)
distribution instead of NaN.
"""
import math
from dataclasses import asdict, dataclass

import torch
from torch import nn
from torch.nn import functional as F


@dataclass
class GptConfig:
    vocab_size: int = 8192
    n_layer: int = 4
    n_head: int = 4
    n_embd: int = 192
    n_positions: int = 256
    dropout: float = 0.0

    def to_dict(self):
        return asdict(self)


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.n_head = c.n_head
        self.head_dim = c.n_embd // c.n_head
        self.ln_1 = nn.LayerNorm(c.n_embd)
        self.qkv = nn.Linear(c.n_embd, 3 * c.n_embd)
        self.proj = nn.Linear(c.n_embd, c.n_embd)
        self.ln_2 = nn.LayerNorm(c.n_embd)
        self.fc = nn.Linear(c.n_embd, 4 * c.n_embd)
        self.fc_out = nn.Linear(4 * c.n_embd, c.n_embd)
        self.drop = nn.Dropout(c.dropout)

    def heads(self, x):
        b, s, _ = x.shape
        return x.view(b, s, self.n_head, self.head_dim).transpose(1, 2)

    def forward(self, x, allowed, past_k=None, past_v=None):
        """x [b, s, d]; allowed bool [b, 1, s, past+s]; returns (x, k_all, v_all)."""
        b, s, d = x.shape
        q, k, v = self.qkv(self.ln_1(x)).split(d, dim=2)
        q, k, v = self.heads(q), self.heads(k), self.heads(v)
        if past_k is not None:
            k = torch.cat([past_k, k], dim=2)
            v = torch.cat([past_v, v], dim=2)
        scores = torch.matmul(q, k.transpose(2, 3)) * (1.0 / math.sqrt(self.head_dim))
        scores = scores.masked_fill(~allowed, -1e9)
        att = self.drop(torch.softmax(scores, dim=-1))
        y = torch.matmul(att, v).transpose(1, 2).reshape(b, s, d)
        x = x + self.drop(self.proj(y))
        x = x + self.drop(self.fc_out(F.gelu(self.fc(self.ln_2(x)))))
        return x, k, v


class Gpt(nn.Module):
    def __init__(self, c: GptConfig):
        super().__init__()
        self.config = c
        self.wte = nn.Embedding(c.vocab_size, c.n_embd)
        self.wpe = nn.Embedding(c.n_positions, c.n_embd)
        self.blocks = nn.ModuleList([Block(c) for _ in range(c.n_layer)])
        self.ln_f = nn.LayerNorm(c.n_embd)
        self.drop = nn.Dropout(c.dropout)
        self.apply(self._init)
        for name, p in self.named_parameters():
            if name.endswith("proj.weight") or name.endswith("fc_out.weight"):
                nn.init.normal_(p, 0.0, 0.02 / math.sqrt(2 * c.n_layer))

    @staticmethod
    def _init(m):
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, 0.0, 0.02)
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Embedding):
            nn.init.normal_(m.weight, 0.0, 0.02)

    def forward(self, input_ids, attention_mask, position_ids, past=None):
        """past: list of (key, value) per layer or None. Returns (logits, [(key, value)] per layer)."""
        s = input_ids.shape[1]
        total = attention_mask.shape[1]
        # Absolute index of every key (0..total-1) and of every query (total-s..total-1).
        key_index = torch.cumsum(torch.ones_like(attention_mask), dim=1) - 1          # [b, total]
        query_index = key_index[:, total - s:]                                         # [b, s]
        causal = key_index.unsqueeze(1) <= query_index.unsqueeze(2)                   # [b, s, total]
        allowed = (causal & (attention_mask.unsqueeze(1) > 0)).unsqueeze(1)           # [b, 1, s, total]
        x = self.drop(self.wte(input_ids) + self.wpe(position_ids))
        presents = []
        for i, block in enumerate(self.blocks):
            pk, pv = (past[i] if past is not None else (None, None))
            x, k, v = block(x, allowed, pk, pv)
            presents.append((k, v))
        # Gemm(transB=1) on the shared embedding: the exported graph keeps one copy of the matrix.
        b, s2, d = x.shape
        logits = F.linear(self.ln_f(x).reshape(b * s2, d), self.wte.weight).view(b, s2, -1)
        return logits, presents

    def loss(self, ids):
        """Next-token cross-entropy of a dense [b, s+1] batch (no padding)."""
        x, y = ids[:, :-1], ids[:, 1:]
        mask = torch.ones_like(x)
        pos = torch.arange(x.shape[1]).unsqueeze(0).expand_as(x)
        logits, _ = self.forward(x, mask, pos)
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))


class OnnxWrapper(nn.Module):
    """Flat positional signature for torch.onnx.export."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, position_ids, *flat_past):
        past = [(flat_past[2 * i], flat_past[2 * i + 1]) for i in range(len(flat_past) // 2)]
        logits, presents = self.model(input_ids, attention_mask, position_ids, past)
        out = [logits]
        for k, v in presents:
            out += [k, v]
        return tuple(out)


def export_onnx(model, path, opset=17):
    c = model.config
    hd = c.n_embd // c.n_head
    b, p, s = 2, 3, 4
    names_in = ["input_ids", "attention_mask", "position_ids"]
    names_out = ["logits"]
    dyn = {"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "total_seq"},
           "position_ids": {0: "batch", 1: "seq"}, "logits": {0: "batch", 1: "seq"}}
    args = [torch.zeros(b, s, dtype=torch.long), torch.ones(b, p + s, dtype=torch.long),
            torch.arange(p, p + s).unsqueeze(0).repeat(b, 1)]
    for i in range(c.n_layer):
        for kind in ("key", "value"):
            names_in.append(f"past_key_values.{i}.{kind}")
            names_out.append(f"present.{i}.{kind}")
            dyn[f"past_key_values.{i}.{kind}"] = {0: "batch", 2: "past_seq"}
            dyn[f"present.{i}.{kind}"] = {0: "batch", 2: "total_seq"}
            args.append(torch.zeros(b, c.n_head, p, hd))
    wrapper = OnnxWrapper(model).eval()
    with torch.no_grad():
        torch.onnx.export(wrapper, tuple(args), path, input_names=names_in, output_names=names_out,
                          dynamic_axes=dyn, opset_version=opset, do_constant_folding=True)
    share_output_embedding(path, model.wte.weight.detach().numpy())
    return names_in, names_out


def share_output_embedding(path, wte):
    """torch folds the tied output projection into a transposed copy of the embedding matrix (MatMul
    with a [d, vocab] initializer). Replace it with Gemm(transB=1) on the embedding itself: same numbers,
    one copy of the matrix in the file."""
    import numpy as np
    import onnx
    from onnx import helper, numpy_helper

    m = onnx.load(path)
    g = m.graph
    copies = [i for i in g.initializer if list(i.dims) == [wte.shape[1], wte.shape[0]]
              and np.array_equal(numpy_helper.to_array(i), wte.T)]
    emb = [i for i in g.initializer if list(i.dims) == list(wte.shape) and np.array_equal(numpy_helper.to_array(i), wte)]
    if len(copies) != 1 or len(emb) != 1:
        return
    copy, emb = copies[0], emb[0]
    for idx, node in enumerate(g.node):
        if node.op_type == "MatMul" and node.input[1] == copy.name:
            gemm = helper.make_node("Gemm", [node.input[0], emb.name], list(node.output), name=node.name + "_tied", transB=1)
            g.node.remove(node)
            g.node.insert(idx, gemm)
            break
    else:
        return
    g.initializer.remove(copy)
    onnx.checker.check_model(m)
    onnx.save(m, path)
