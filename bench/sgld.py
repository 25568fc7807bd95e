"""Benchmark: SGLD draws per second, ours (all chains in one kernel) vs devinterp, same model and data.

Model: reduced-rank regression as an nn.Module, x ↦ B A x with A: H×M, B: N×H (bias-free Linear layers,
d = H(M + N)), at a random teacher w*, with n samples y = B*A*x + N(0, I). Both estimators get the same
module, data, SGLDConfig (ε, nβ, γ, chains, draws; no burn-in) and batch size:

* ours: ``rlct.estimators.data_loss.DataLoss`` + ``rlct.estimators.sgld.sample`` (vmap over chains);
* devinterp: ``rlct.estimators.devinterp_adapter.devinterp_llc`` → ``devinterp.slt.sampling.sample``
  (its SGMCMC.sgld, chains one after another, losses written to a temporary zarr store);
* for reference, ours on the exact population loss ‖BA − B*A*‖²_F by batched matmuls (no data).

Draws/s = chains × steps / wall seconds of the sampling call (after a 5-step warm-up of each). Run by hand:

    python bench/sgld.py [--M 16 --N 16 --H 32] [--n 1024] [--batch-size B] [--chains 8] [--steps 500]
                         [--device cpu|cuda] [--dtype float32|float64] [--threads T]

On CUDA try d ≈ 10⁴–10⁶, e.g. ``--M 256 --N 256 --H 512 --n 4096 --device cuda`` (d = 262 144).
"""
from __future__ import annotations

import argparse
import os
import time

import torch

from rlct.estimators.data_loss import DataLoss
from rlct.estimators.sgld import SGLDConfig, sample


def problem(M: int, N: int, H: int, n: int, device: str, dtype, seed: int = 0):
    """(module at w*, x, y): a random teacher of the RRR shape and its data, from one generator."""
    gen = torch.Generator().manual_seed(seed)
    net = torch.nn.Sequential(torch.nn.Linear(M, H, bias=False), torch.nn.Linear(H, N, bias=False))
    with torch.no_grad():
        for p in net.parameters():
            p.copy_(torch.randn(p.shape, generator=gen) / p.shape[1] ** 0.5)
    net = net.to(device=device, dtype=dtype)
    x = torch.randn(n, M, generator=gen).to(device=device, dtype=dtype)
    with torch.no_grad():
        y = net(x) + torch.randn(n, N, generator=gen).to(device=device, dtype=dtype)
    return net, x, y


def population_loss(M: int, N: int, H: int, target):
    """K(w) = ‖B A − P*‖²_F for w = (A, B) flattened row-major, by batched matmuls."""
    def K(w):
        A = w[:, : H * M].reshape(-1, H, M)
        B = w[:, H * M:].reshape(-1, N, H)
        return ((torch.bmm(B, A) - target) ** 2).sum(dim=(1, 2))
    return K


def _sync(device: str):
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def timed(run, device: str) -> float:
    _sync(device)
    t = time.perf_counter()
    run()
    _sync(device)
    return time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--M", type=int, default=16)
    ap.add_argument("--N", type=int, default=16)
    ap.add_argument("--H", type=int, default=32)
    ap.add_argument("--n", type=int, default=1024)
    ap.add_argument("--batch-size", type=int, default=None, help="default: full batch")
    ap.add_argument("--chains", type=int, default=8)
    ap.add_argument("--steps", type=int, default=500)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    ap.add_argument("--threads", type=int, default=None, help="torch intra-op threads (default: torch's)")
    ap.add_argument("--skip-devinterp", action="store_true")
    a = ap.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    dtype = getattr(torch, a.dtype)
    net, x, y = problem(a.M, a.N, a.H, a.n, a.device, dtype)
    L = DataLoss(net, x, y)
    cfg = SGLDConfig(step_size=1e-6, nbeta=100.0, localization=1.0, num_chains=a.chains, num_draws=a.steps,
                     num_burnin=0, batch_size=a.batch_size)
    warm = SGLDConfig(**{**cfg.__dict__, "num_draws": 5})
    draws = a.chains * a.steps
    print(f"device {a.device}, d = {L.dim}, n = {a.n}, batch = {a.batch_size or 'full'}, chains = {a.chains}, "
          f"steps = {a.steps}, {a.dtype}, torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"load average {os.getloadavg()[0]:.2f}")

    sample(L, L.center, warm)
    ours = draws / timed(lambda: sample(L, L.center, cfg), a.device)
    print(f"rlct sgld, data loss:        {ours:10.0f} draws/s")

    A, B = net[0].weight.detach(), net[1].weight.detach()
    K = population_loss(a.M, a.N, a.H, B @ A)
    pop_cfg = SGLDConfig(**{**cfg.__dict__, "batch_size": None})
    sample(K, L.center, SGLDConfig(**{**pop_cfg.__dict__, "num_draws": 5}))
    pop = draws / timed(lambda: sample(K, L.center, pop_cfg), a.device)
    print(f"rlct sgld, population loss:  {pop:10.0f} draws/s   (reference: no data)")

    from rlct.estimators.devinterp_adapter import available, devinterp_llc, version
    if a.skip_devinterp or not available():
        print("devinterp:                   not run (pip install 'devinterp==2.0.1' to compare)")
        return
    devinterp_llc(net, (x, y), warm, seed=0)
    est = devinterp_llc(net, (x, y), cfg, seed=0)
    theirs = draws / est.details["seconds"]
    print(f"devinterp {version()} sgld, data: {theirs:10.0f} draws/s   ours/devinterp = {ours / theirs:.1f}x")


if __name__ == "__main__":
    main()
