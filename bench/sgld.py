"""Benchmark: SGLD draws per second, ours (batched chains) vs devinterp when installed.

Model: reduced-rank regression population loss K(A, B) = ||B A||_F^2 (x ~ N(0, I), true rank 0), with
d = H (M + N) parameters, evaluated with batched matrix products (chains × H × M). Run by hand:

    python bench/sgld.py [--M 16 --N 16 --H 32] [--chains 8] [--steps 500] [--device cpu|cuda]

Prints draws/s (chains × steps / wall time) for ours and, when `devinterp` imports, for devinterp's
SGLD on an nn.Module with the same shape, same chains × draws, and the ratio.
"""
from __future__ import annotations

import argparse
import time

import torch

from rlct.estimators.sgld import SGLDConfig, sample


def rrr_loss(M: int, N: int, H: int):
    def K(w):
        A = w[:, : H * M].reshape(-1, H, M)
        B = w[:, H * M:].reshape(-1, N, H)
        return (torch.bmm(B, A) ** 2).sum(dim=(1, 2))
    return K


def ours(M, N, H, chains, steps, device, dtype):
    d = H * (M + N)
    center = torch.zeros(d, dtype=dtype, device=device)
    cfg = SGLDConfig(step_size=1e-5, nbeta=1000.0, num_chains=chains, num_draws=steps, num_burnin=0)
    sample(rrr_loss(M, N, H), center, SGLDConfig(1e-5, 1000.0, num_chains=chains, num_draws=5, num_burnin=0))
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    t = time.perf_counter()
    sample(rrr_loss(M, N, H), center, cfg)
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    return chains * steps / (time.perf_counter() - t), d


def devinterp_rate(M, N, H, chains, steps, device):
    try:
        from devinterp.optim.sgld import SGLD
        from devinterp.slt import estimate_learning_coeff_with_summary
    except ImportError:
        return None
    import torch.nn as nn
    from torch.utils.data import DataLoader, TensorDataset

    model = nn.Sequential(nn.Linear(M, H, bias=False), nn.Linear(H, N, bias=False)).to(device)
    for p in model.parameters():
        nn.init.zeros_(p)
    X = torch.randn(1024, M, device=device)
    loader = DataLoader(TensorDataset(X, torch.zeros(1024, N, device=device)), batch_size=1024)

    def evaluate(m, batch):
        x, y = batch
        return ((m(x) - y) ** 2).sum(dim=1).mean(), {}

    t = time.perf_counter()
    estimate_learning_coeff_with_summary(model, loader, evaluate=evaluate, sampling_method=SGLD,
                                         optimizer_kwargs=dict(lr=1e-5, nbeta=1000.0, localization=1.0),
                                         num_chains=chains, num_draws=steps, num_burnin_steps=0, device=device,
                                         online=False, verbose=False)
    return chains * steps / (time.perf_counter() - t)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--M", type=int, default=16)
    ap.add_argument("--N", type=int, default=16)
    ap.add_argument("--H", type=int, default=32)
    ap.add_argument("--chains", type=int, default=8)
    ap.add_argument("--steps", type=int, default=500)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    a = ap.parse_args()
    dtype = getattr(torch, a.dtype)
    rate, d = ours(a.M, a.N, a.H, a.chains, a.steps, a.device, dtype)
    print(f"device {a.device}, d = {d}, chains = {a.chains}, steps = {a.steps}, torch {torch.__version__}")
    print(f"rlct sgld:      {rate:10.0f} draws/s")
    other = devinterp_rate(a.M, a.N, a.H, a.chains, a.steps, a.device)
    if other is None:
        print("devinterp:      not installed (pip install 'devinterp==1.3.2' to compare)")
    else:
        print(f"devinterp sgld: {other:10.0f} draws/s   ratio {rate / other:.1f}x")


if __name__ == "__main__":
    main()
