"""PyTorch side of check_vs_torch.mjs: loss and gradients of bench/nn_torch.py's twin
models, in float64, with the weights and batch that TensorFlow.js used.

Reads a JSON file (argv[1]) of {model, params: {name: {shape, values}}, data}, prints
{loss, grads: {name: values}} as JSON, gradients flattened in TensorFlow.js's layout.
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import nn_torch  # noqa: E402  (bench/nn_torch.py: the models the native benchmark uses)

# tfjs stores Linear weights [in, out]; PyTorch [out, in]. Embedding tables agree.
NOT_TRANSPOSED = {"tok.weight", "pos.weight"}


def to_torch(name, entry):
    t = torch.tensor(entry["values"], dtype=torch.float64).reshape(entry["shape"])
    return t.T.contiguous() if t.dim() == 2 and name not in NOT_TRANSPOSED else t


def from_torch(name, grad):
    g = grad.T if grad.dim() == 2 and name not in NOT_TRANSPOSED else grad
    return g.contiguous().reshape(-1).tolist()


def main():
    with open(sys.argv[1]) as f:
        job = json.load(f)
    data = job["data"]
    if job["model"] == "mlp":
        model = nn_torch.mlp_model().double()
    else:
        c = job["config"]
        model = nn_torch.Transformer(c["vocab"], c["context"], c["width"], c["heads"], c["layers"]).double()
    state = model.state_dict()
    missing = set(state) ^ set(job["params"])
    if missing:
        raise SystemExit(f"parameter names differ between tfjs and torch: {sorted(missing)}")
    model.load_state_dict({n: to_torch(n, e) for n, e in job["params"].items()})

    if job["model"] == "mlp":
        x = torch.tensor(data["x"], dtype=torch.float64).reshape(data["x_shape"])
        loss = F.cross_entropy(model(x), torch.tensor(data["y"]))
    else:
        tokens = torch.tensor(data["tokens"]).reshape(data["batch"], -1)
        logits = model(tokens[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tokens[:, 1:].reshape(-1))
    loss.backward()
    grads = {n: from_torch(n, p.grad) for n, p in model.named_parameters()}
    print(json.dumps({"loss": loss.item(), "params": sum(p.numel() for p in model.parameters()), "grads": grads}))


if __name__ == "__main__":
    main()
