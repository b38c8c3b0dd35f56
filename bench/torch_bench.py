#!/usr/bin/env python3
"""PyTorch side of `pnpm bench`: the same GAN steps as bench/_models.mjs, on the CPU.

The networks are @gantry/models' (see bench/_models.mjs): tfjs-layers' batch norm is ε 1e-3,
momentum 0.99 (PyTorch: momentum 0.01); layer norm over C, H, W with per-element γ, β, ε 1e-3.
WGAN-GP: critic loss E f(G(z)) − E f(x) + λ·E(‖∇f(x̂)‖₂ − 1)², λ 10, x̂ = εx + (1 − ε)G(z),
‖g‖ = √(Σg² + 1e-12), the gradient of the gradient by autograd (create_graph=True), Adam(1e-4,
(0.5, 0.9)). One step = one D update then one G update, as in bench/_models.mjs.

Usage: python3 bench/torch_bench.py --model mlp|dcgan|wgangp|wgangp-ln [--threads N] [--warmup W] [--reps R]
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


def dcgan(norm="batch"):
    # Same layers as @gantry/models' dcganGenerator / dcganDiscriminator 28×28×1 (NCHW here,
    # NHWC there). padding=2, output_padding=1 is TensorFlow's 'same' for a 5×5 stride-2
    # transposed conv (7 → 14 → 28).
    g = nn.Sequential(
        nn.Linear(LATENT, 7 * 7 * 128, bias=False), nn.BatchNorm1d(7 * 7 * 128, eps=1e-3, momentum=0.01),
        nn.ReLU(), Reshape(128, 7, 7),
        nn.ConvTranspose2d(128, 64, 5, stride=2, padding=2, output_padding=1, bias=False),
        nn.BatchNorm2d(64, eps=1e-3, momentum=0.01), nn.ReLU(),
        nn.ConvTranspose2d(64, 1, 5, stride=2, padding=2, output_padding=1), nn.Tanh())
    norms = {
        "batch": lambda: [nn.BatchNorm2d(128, eps=1e-3, momentum=0.01)],
        "layer": lambda: [nn.LayerNorm([128, 7, 7], eps=1e-3)],
        "none": lambda: [],
    }
    d = nn.Sequential(
        nn.Conv2d(1, 64, 5, stride=2, padding=2), nn.LeakyReLU(0.2),
        nn.Conv2d(64, 128, 5, stride=2, padding=2), *norms[norm](),
        nn.LeakyReLU(0.2), nn.Flatten(), nn.Linear(128 * 7 * 7, 1))
    return g, d, (1, 28, 28)


STEPS = {
    "mlp": mlp,
    "dcgan": lambda: dcgan("batch"),
    "wgangp": lambda: dcgan("none"),
    "wgangp-ln": lambda: dcgan("layer"),
}


def gradient_penalty(d, real, fake, lam=10.0):
    eps = torch.rand(real.shape[0], *([1] * (real.dim() - 1)))
    x_hat = (eps * real + (1 - eps) * fake).requires_grad_(True)
    (grad,) = torch.autograd.grad(d(x_hat).sum(), x_hat, create_graph=True)
    norms = torch.sqrt(grad.pow(2).flatten(1).sum(1) + 1e-12)
    return lam * ((norms - 1) ** 2).mean()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", choices=sorted(STEPS), required=True)
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
    g, d, shape = STEPS[args.model]()
    wgan = args.model.startswith("wgangp")
    lr, beta2 = (1e-4, 0.9) if wgan else (2e-4, 0.999)
    opt_d = torch.optim.Adam(d.parameters(), lr=lr, betas=(0.5, beta2), eps=1e-8)
    opt_g = torch.optim.Adam(g.parameters(), lr=lr, betas=(0.5, beta2), eps=1e-8)
    real = torch.rand(args.batch, *shape) * 2 - 1

    def step():
        with torch.no_grad():
            fake = g(torch.randn(args.batch, LATENT))
        opt_d.zero_grad(set_to_none=True)
        if wgan:
            loss_d = d(fake).mean() - d(real).mean() + gradient_penalty(d, real, fake)
        else:
            loss_d = F.softplus(-d(real)).mean() + F.softplus(d(fake)).mean()
        loss_d.backward()
        opt_d.step()
        opt_g.zero_grad(set_to_none=True)
        out = d(g(torch.randn(args.batch, LATENT)))
        loss_g = -out.mean() if wgan else F.softplus(-out).mean()
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
