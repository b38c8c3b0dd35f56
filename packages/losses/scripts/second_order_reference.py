#!/usr/bin/env python3
"""Float64 reference for double backprop through a tanh/sigmoid critic (issue 14, item 2).

Writes test/fixtures/second-order-reference.json: a small critic
    f(x) = sigmoid(tanh(x W1 + b1) W2 + b2) w3 + b3,
real and fake batches, one interpolation coefficient per sample, and, computed by PyTorch's
double backprop (torch.autograd.grad with create_graph=True) in float64,
  - WGAN-GP's penalty  lam * mean_i (sqrt(|grad_x f(x_hat_i)|^2 + 1e-12) - 1)^2 on
    x_hat = eps * real + (1 - eps) * fake (the 1e-12 is @gantry/losses' guard for a zero gradient),
  - R1  (gamma / 2) * mean_i |grad_x f(real_i)|^2,
and their gradients with respect to every critic parameter. Inputs are rounded to float32 first,
so the float32 test sees exactly the numbers the reference used.

Run once (Debian's python3-torch): /usr/bin/python3 packages/losses/scripts/second_order_reference.py
The test (src/secondOrder.test.ts) reads the fixture and needs no Python.
"""

import json
import os
import sys

import numpy as np
import torch

LAMBDA = 10.0
GAMMA = 10.0
N, D_IN, H1, H2 = 6, 3, 5, 4


def f32(a):
    """Rounds to float32 and back, so float32 and float64 runs see the same inputs."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def main(out_path):
    rng = np.random.default_rng(14)
    params = {
        "W1": f32(rng.normal(0, 0.9, (D_IN, H1))),
        "b1": f32(rng.normal(0, 0.5, (H1,))),
        "W2": f32(rng.normal(0, 0.9, (H1, H2))),
        "b2": f32(rng.normal(0, 0.5, (H2,))),
        "w3": f32(rng.normal(0, 1.0, (H2, 1))),
        "b3": f32(rng.normal(0, 0.5, (1,))),
    }
    real = f32(rng.normal(0.5, 1.0, (N, D_IN)))
    fake = f32(rng.normal(-0.5, 1.0, (N, D_IN)))
    eps = f32(rng.uniform(0, 1, (N,)))

    t = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in params.items()}

    def critic(x):
        h1 = torch.tanh(x @ t["W1"] + t["b1"])
        h2 = torch.sigmoid(h1 @ t["W2"] + t["b2"])
        return (h2 @ t["w3"] + t["b3"]).reshape(-1)

    def squared_grad_norms(x):
        x = x.clone().requires_grad_(True)
        (g,) = torch.autograd.grad(critic(x).sum(), x, create_graph=True)
        return (g * g).sum(dim=1)

    real_t = torch.tensor(real)
    fake_t = torch.tensor(fake)
    e = torch.tensor(eps).reshape(-1, 1)
    x_hat = e * real_t + (1 - e) * fake_t
    gp = LAMBDA * ((torch.sqrt(squared_grad_norms(x_hat) + 1e-12) - 1) ** 2).mean()
    r1 = GAMMA / 2 * squared_grad_norms(real_t).mean()

    def grads_of(value):
        names = list(t)
        # b3 does not reach grad_x f: its gradient is exactly 0 (None from autograd).
        gs = torch.autograd.grad(value, [t[k] for k in names], retain_graph=True, allow_unused=True)
        return {
            k: (torch.zeros_like(t[k]) if g is None else g).detach().numpy().tolist()
            for k, g in zip(names, gs)
        }

    fixture = {
        "about": "float64 double backprop reference; written by scripts/second_order_reference.py",
        "torch": torch.__version__,
        "lambda": LAMBDA,
        "gamma": GAMMA,
        "params": {k: v.tolist() for k, v in params.items()},
        "real": real.tolist(),
        "fake": fake.tolist(),
        "eps": eps.tolist(),
        "gradientPenalty": {"value": gp.item(), "grads": grads_of(gp)},
        "r1": {"value": r1.item(), "grads": grads_of(r1)},
    }
    with open(out_path, "w", encoding="utf-8") as fh:
        json.dump(fixture, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "test", "fixtures", "second-order-reference.json")
    main(sys.argv[1] if len(sys.argv) > 1 else default)
