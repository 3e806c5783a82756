"""PyTorch (CPU, one thread) side of bench/nn_cpu_vs_torch.sh.

Trains the same two models as `crates/nn/examples/bench_train.rs` with the same sizes,
optimiser and batch, on random data, and prints one line per model:
`torch <model> <steps/s>`.
"""
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
torch.manual_seed(0)


def mlp_model():
    return nn.Sequential(
        nn.Linear(64, 256), nn.ReLU(),
        nn.Linear(256, 256), nn.ReLU(),
        nn.Linear(256, 16),
    )


class Block(nn.Module):
    """Pre-LN block: the same as playground-nn's transformer block."""

    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(width)
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)
        self.ln2 = nn.LayerNorm(width)
        self.fc1 = nn.Linear(width, 4 * width)
        self.fc2 = nn.Linear(4 * width, width)

    def forward(self, x):
        b, t, d = x.shape
        h = self.heads
        q, k, v = self.qkv(self.ln1(x)).view(b, t, 3, h, d // h).permute(2, 0, 3, 1, 4)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(d // h))
        mask = torch.ones(t, t, dtype=torch.bool).triu(1)
        att = att.masked_fill(mask, float("-inf")).softmax(-1)
        y = (att @ v).transpose(1, 2).reshape(b, t, d)
        x = x + self.proj(y)
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x)), approximate="tanh"))


class Transformer(nn.Module):
    def __init__(self, vocab, context, width, heads, layers):
        super().__init__()
        self.tok = nn.Embedding(vocab, width)
        self.pos = nn.Embedding(context, width)
        self.blocks = nn.ModuleList(Block(width, heads) for _ in range(layers))
        self.ln = nn.LayerNorm(width)
        self.head = nn.Linear(width, vocab)

    def forward(self, idx):
        x = self.tok(idx) + self.pos.weight[: idx.shape[1]]
        for blk in self.blocks:
            x = blk(x)
        return self.head(self.ln(x))


def bench(step, seconds):
    for _ in range(20):  # warm-up
        step()
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        step()
        n += 1
    return n / (time.perf_counter() - start)


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0

    mlp = mlp_model()
    opt = torch.optim.Adam(mlp.parameters(), lr=1e-3)
    x = torch.randn(64, 64)
    y = torch.randint(0, 16, (64,))

    def mlp_step():
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(mlp(x), y).backward()
        opt.step()

    print(f"torch mlp {bench(mlp_step, seconds):.1f}", flush=True)

    vocab, context = 16, 16
    tf = Transformer(vocab, context, 64, 4, 2)
    opt2 = torch.optim.Adam(tf.parameters(), lr=1e-3)
    tokens = torch.randint(0, vocab, (32, context + 1))

    def tf_step():
        opt2.zero_grad(set_to_none=True)
        logits = tf(tokens[:, :-1])
        F.cross_entropy(logits.reshape(-1, vocab), tokens[:, 1:].reshape(-1)).backward()
        opt2.step()

    print(f"torch transformer {bench(tf_step, seconds):.1f}", flush=True)


if __name__ == "__main__":
    main()
