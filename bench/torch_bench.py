#!/usr/bin/env python3
"""PyTorch side of `pnpm bench`: the same two GAN steps as bench/_models.mjs, on the CPU.

Usage: python3 bench/torch_bench.py --model mlp|dcgan [--threads N] [--warmup W] [--reps R]
Prints one JSON object: {"model", "threads", "torch", "ms": [...per step...], "median_ms", ...}.
Run it with OPENBLAS_NUM_THREADS / OMP_NUM_THREADS set to the same N (scripts/bench.mjs does),
or BLAS and OpenMP threads oversubscribe the cores.
"""
import argparse
import json
import statistics
import sys
import time

try:
    import torch
    from torch import nn
    import torch.nn.functional as F
except ImportError as error:  # the caller prints the skip message
    print(json.dumps({"skipped": f"python3-torch not importable: {error}"}))
    sys.exit(0)

LATENT = 100


def mlp():
    g = nn.Sequential(
        nn.Linear(LATENT, 256), nn.ReLU(),
        nn.Linear(256, 512), nn.ReLU(),
        nn.Linear(512, 784), nn.Tanh())
    d = nn.Sequential(
        nn.Linear(784, 512), nn.LeakyReLU(0.2),
        nn.Linear(512, 256), nn.LeakyReLU(0.2),
        nn.Linear(256, 1))
    return g, d, (784,)


class Reshape(nn.Module):
    def __init__(self, *shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        return x.view(x.shape[0], *self.shape)


def dcgan():
    # Same layers as bench/_models.mjs (NCHW here, NHWC there). padding=2, output_padding=1
    # is TensorFlow's 'same' for a 5×5 stride-2 transposed conv (7 → 14 → 28).
    g = nn.Sequential(
        nn.Linear(LATENT, 7 * 7 * 128, bias=False), nn.BatchNorm1d(7 * 7 * 128, eps=1e-5, momentum=0.1),
        nn.ReLU(), Reshape(128, 7, 7),
        nn.ConvTranspose2d(128, 64, 5, stride=2, padding=2, output_padding=1, bias=False),
        nn.BatchNorm2d(64, eps=1e-5, momentum=0.1), nn.ReLU(),
        nn.ConvTranspose2d(64, 1, 5, stride=2, padding=2, output_padding=1), nn.Tanh())
    d = nn.Sequential(
        nn.Conv2d(1, 64, 5, stride=2, padding=2), nn.LeakyReLU(0.2),
        nn.Conv2d(64, 128, 5, stride=2, padding=2), nn.BatchNorm2d(128, eps=1e-5, momentum=0.1),
        nn.LeakyReLU(0.2), nn.Flatten(), nn.Linear(128 * 7 * 7, 1))
    return g, d, (1, 28, 28)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", choices=["mlp", "dcgan"], required=True)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--reps", type=int, default=30)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    torch.manual_seed(args.seed)
    g, d, shape = {"mlp": mlp, "dcgan": dcgan}[args.model]()
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999), eps=1e-8)
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999), eps=1e-8)
    real = torch.rand(args.batch, *shape) * 2 - 1

    def step():
        with torch.no_grad():
            fake = g(torch.randn(args.batch, LATENT))
        opt_d.zero_grad(set_to_none=True)
        loss_d = F.softplus(-d(real)).mean() + F.softplus(d(fake)).mean()
        loss_d.backward()
        opt_d.step()
        opt_g.zero_grad(set_to_none=True)
        loss_g = F.softplus(-d(g(torch.randn(args.batch, LATENT)))).mean()
        loss_g.backward()
        opt_g.step()
        return loss_d.item(), loss_g.item()

    for _ in range(args.warmup):
        step()
    times = []
    for _ in range(args.reps):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1000)
    print(json.dumps({
        "model": args.model,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "batch": args.batch,
        "warmup": args.warmup,
        "reps": args.reps,
        "ms": times,
        "median_ms": statistics.median(times),
        "min_ms": min(times),
    }))


if __name__ == "__main__":
    main()
