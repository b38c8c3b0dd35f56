#!/usr/bin/env python3
"""Independent NumPy/SciPy reference values for @gantry/eval's FID, KID and Inception Score.

Writes ../src/__tests__/fixtures/reference-metrics.json: small seeded inputs (float64, full precision)
and the values the established formulas give for them, read by src/reference.test.ts.

  * FID: the recipe of pytorch-fid's ``calculate_frechet_distance`` (mean and
    ``numpy.cov(rowvar=False)`` of each set, ``scipy.linalg.sqrtm(sigma1 @ sigma2)``, the eps
    retry when it is not finite, the real part when round-off makes it complex). Also, for
    comparison only, the same trace from a symmetric eigen-decomposition (``eigh``).
  * KID: the unbiased MMD^2 of Binkowski et al. 2018 with k(x, y) = (x.y / d + 1)^3 on the FULL
    sets (no random subsets).
  * IS: exp(mean_x KL(p(y|x) || p(y))) with splits = 1, and with splits = 3 cut as the original
    code does (rows [i*n//s, (i+1)*n//s)).

Needs numpy and scipy (e.g. ``sudo apt-get install -y python3-numpy python3-scipy``). Run from
anywhere:

  python3 packages/eval/scripts/reference_metrics.py
  pnpm exec biome format --write packages/eval/src/__tests__/fixtures/reference-metrics.json

(the second line only re-wraps the JSON the way the repository's formatter wants it).
"""

from __future__ import annotations

import json
import os

import numpy as np
import scipy
from scipy import linalg

SEED = 20240607
OUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "src", "__tests__", "fixtures", "reference-metrics.json"
)


def fid_pytorch_fid(act1: np.ndarray, act2: np.ndarray, eps: float = 1e-6) -> float:
    """FID the way pytorch-fid computes it (statistics, sqrtm, eps retry, real part)."""
    mu1, sigma1 = np.mean(act1, axis=0), np.cov(act1, rowvar=False)
    mu2, sigma2 = np.mean(act2, axis=0), np.cov(act2, rowvar=False)
    diff = mu1 - mu2
    covmean = linalg.sqrtm(sigma1.dot(sigma2))
    if not np.isfinite(covmean).all():
        offset = np.eye(sigma1.shape[0]) * eps
        covmean = linalg.sqrtm((sigma1 + offset).dot(sigma2 + offset))
    if np.iscomplexobj(covmean):
        if not np.allclose(np.diagonal(covmean).imag, 0, atol=1e-3):
            raise ValueError(f"Imaginary component {np.max(np.abs(covmean.imag))}")
        covmean = covmean.real
    return float(diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * np.trace(covmean))


def fid_eigh(act1: np.ndarray, act2: np.ndarray) -> float:
    """The same distance with Tr((C1 C2)^1/2) = sum sqrt(eig(S C2 S)), S = C1^1/2 (comparison)."""
    mu1, sigma1 = np.mean(act1, axis=0), np.cov(act1, rowvar=False)
    mu2, sigma2 = np.mean(act2, axis=0), np.cov(act2, rowvar=False)
    w, v = linalg.eigh(sigma1)
    s = (v * np.sqrt(np.clip(w, 0, None))) @ v.T
    m = s @ sigma2 @ s
    lam = linalg.eigvalsh((m + m.T) / 2)
    diff = mu1 - mu2
    tr = np.sum(np.sqrt(np.clip(lam, 0, None)))
    return float(diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * tr)


def mmd2_unbiased_cubic(x: np.ndarray, y: np.ndarray) -> float:
    """Unbiased MMD^2 with the KID kernel (x.y/d + 1)^3 on the full sets."""
    d = x.shape[1]
    kxx = (x @ x.T / d + 1) ** 3
    kyy = (y @ y.T / d + 1) ** 3
    kxy = (x @ y.T / d + 1) ** 3
    m, n = x.shape[0], y.shape[0]
    return float(
        (kxx.sum() - np.trace(kxx)) / (m * (m - 1))
        + (kyy.sum() - np.trace(kyy)) / (n * (n - 1))
        - 2 * kxy.mean()
    )


def inception_score(probs: np.ndarray, splits: int) -> list[float]:
    """Per-split exp(E KL(p(y|x) || p(y))) with 0 log 0 = 0."""
    n = probs.shape[0]
    scores = []
    for i in range(splits):
        part = probs[i * n // splits : (i + 1) * n // splits]
        py = part.mean(axis=0, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            kl = np.where(part > 0, part * (np.log(part) - np.log(py)), 0.0)
        scores.append(float(np.exp(kl.sum(axis=1).mean())))
    return scores


def correlated_gaussian(rng: np.random.Generator, n: int, d: int, shift: float) -> np.ndarray:
    """n draws of N(shift·1 + m, L Lᵀ) with a random dense L (correlated coordinates)."""
    factor = rng.normal(size=(d, d)) / np.sqrt(d)
    mean = shift + 0.3 * rng.normal(size=d)
    return rng.normal(size=(n, d)) @ factor.T + mean


def rows(a: np.ndarray) -> list[list[float]]:
    return [[float(v) for v in row] for row in a]


def feature_case(name: str, a: np.ndarray, b: np.ndarray, note: str) -> dict:
    fid = fid_pytorch_fid(a, b)
    fid_e = fid_eigh(a, b)
    kid = mmd2_unbiased_cubic(a, b)
    print(f"{name}: fid(sqrtm)={fid!r} fid(eigh)={fid_e!r} |diff|={abs(fid - fid_e):.3e} mmd2={kid!r}")
    return {
        "name": name,
        "note": note,
        "nA": a.shape[0],
        "nB": b.shape[0],
        "d": a.shape[1],
        "a": rows(a),
        "b": rows(b),
        "expected": {
            "fid": float(f"{fid:.12g}"),
            "fidEigh": float(f"{fid_e:.12g}"),
            "mmd2Unbiased": float(f"{kid:.15g}"),
            "traceCovA": float(f"{np.trace(np.cov(a, rowvar=False)):.15g}"),
        },
    }


def main() -> None:
    rng = np.random.default_rng(SEED)
    cases = []

    a = correlated_gaussian(rng, 200, 16, 0.0)
    b = correlated_gaussian(rng, 200, 16, 0.5)
    case = feature_case(
        "gaussians-200x16",
        a,
        b,
        "two correlated Gaussians with different means and covariances, n > d",
    )
    case["expected"]["meanA"] = [float(v) for v in np.mean(a, axis=0)]
    case["expected"]["covA"] = rows(np.cov(a, rowvar=False))
    cases.append(case)

    a = correlated_gaussian(rng, 100, 8, 0.0)
    b = a + 1e-2 * rng.normal(size=a.shape)
    cases.append(
        feature_case(
            "near-identical-100x8",
            a,
            b,
            "b = a + 0.01·N(0, 1) noise: FID close to 0; the MMD² estimate is negative because "
            "the rows of a and b are paired, not independent draws",
        )
    )

    a = correlated_gaussian(rng, 20, 32, 0.0)
    b = correlated_gaussian(rng, 20, 32, 0.2)
    cases.append(
        feature_case(
            "rank-deficient-20x32",
            a,
            b,
            "n < d: both covariances singular (rank 19); sqrtm's tiny imaginary part dropped",
        )
    )

    logits = 3.0 * rng.normal(size=(60, 10))
    logits[:5, :] = -40.0  # a few near-one-hot rows with probabilities near 0
    logits[:5, 3] = 40.0
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    is1 = inception_score(probs, 1)
    is3 = inception_score(probs, 3)
    print(f"inception score: splits=1 {is1} splits=3 mean={np.mean(is3)!r} std={np.std(is3)!r}")
    score = {
        "n": probs.shape[0],
        "k": probs.shape[1],
        "probs": rows(probs),
        "expected": {
            "splits1": float(f"{is1[0]:.15g}"),
            "splits3": [float(f"{v:.15g}") for v in is3],
            "splits3Mean": float(f"{np.mean(is3):.15g}"),
            "splits3Std": float(f"{np.std(is3):.15g}"),
        },
    }

    fixture = {
        "generator": "packages/eval/scripts/reference_metrics.py",
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__},
        "seed": SEED,
        "features": cases,
        "inceptionScore": score,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(fixture, f)
        f.write("\n")
    print(f"wrote {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
