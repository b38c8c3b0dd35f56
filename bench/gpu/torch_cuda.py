#!/usr/bin/env python3
"""PyTorch CUDA side of bench/gpu/run.mjs: bench/torch_bench.py's two GAN steps on a GPU.

Usage: python3 bench/gpu/torch_cuda.py --model mlp|dcgan [--batch 64] [--warmup W] [--reps R]
       [--device cuda|cpu]   (cpu: only to check this script on a machine without a GPU)
Prints one JSON object: {"model", "batch", "device", "torch", "ms_per_step", ...} or {"skipped"}.
Times R steps queued back to back with one torch.cuda.synchronize() at the end (throughput),
and the median of single steps each followed by .item() on the losses (latency).
"""
import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

try:
    import torch
    import torch.nn.functional as F
    from torch_bench import LATENT, dcgan, mlp
except ImportError as error:
    print(json.dumps({"skipped": f"PyTorch not importable: {error}"}))
    sys.exit(0)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", choices=["mlp", "dcgan"], required=True)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--reps", type=int, default=20)
    p.add_argument("--device", default="cuda")
    args = p.parse_args()
    if args.device == "cuda" and not torch.cuda.is_available():
        print(json.dumps({"skipped": f"torch {torch.__version__}: CUDA not available"}))
        return
    dev = torch.device(args.device)
    sync = torch.cuda.synchronize if dev.type == "cuda" else (lambda: None)
    torch.manual_seed(1)
    g, d, shape = {"mlp": mlp, "dcgan": dcgan}[args.model]()
    g, d = g.to(dev), d.to(dev)
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999), eps=1e-8)
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999), eps=1e-8)
    real = torch.rand(args.batch, *shape, device=dev) * 2 - 1

    def step():
        with torch.no_grad():
            fake = g(torch.randn(args.batch, LATENT, device=dev))
        opt_d.zero_grad(set_to_none=True)
        loss_d = F.softplus(-d(real)).mean() + F.softplus(d(fake)).mean()
        loss_d.backward()
        opt_d.step()
        opt_g.zero_grad(set_to_none=True)
        loss_g = F.softplus(-d(g(torch.randn(args.batch, LATENT, device=dev)))).mean()
        loss_g.backward()
        opt_g.step()
        return loss_d, loss_g

    for _ in range(args.warmup):
        step()
    sync()
    t0 = time.perf_counter()
    for _ in range(args.reps):
        losses = step()
    sync()
    total = (time.perf_counter() - t0) * 1000
    synced = []
    for _ in range(min(args.reps, 5)):
        s = time.perf_counter()
        [x.item() for x in step()]
        synced.append((time.perf_counter() - s) * 1000)
    print(json.dumps({
        "model": args.model,
        "batch": args.batch,
        "device": torch.cuda.get_device_name(dev) if dev.type == "cuda" else "cpu",
        "torch": torch.__version__,
        "warmup": args.warmup,
        "reps": args.reps,
        "ms_per_step": total / args.reps,
        "synced_median_ms": statistics.median(synced),
        "last_losses": [x.item() for x in losses],
    }))


if __name__ == "__main__":
    main()
