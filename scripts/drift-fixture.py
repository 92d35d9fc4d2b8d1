#!/usr/bin/env python3
"""Writes core/src/test/resources/drift/scipy-fixture.json: inputs and the values SciPy and NumPy
compute for them, for the drift statistics' unit tests (UnivariateScipyTest, EmbeddingDriftScipyTest).

Each statistic is computed the way Evidently's legacy stattests compute it (binning, zero filling,
normalisation), with SciPy/NumPy doing the arithmetic. Synthetic data from a seeded generator: no
data set is copied. Run it with any Python that has numpy and scipy (versions are recorded in the
file):

    python3 -m venv /tmp/sci && /tmp/sci/bin/pip install numpy==2.4.6 scipy==1.17.1
    /tmp/sci/bin/python scripts/drift-fixture.py
"""
import json
import pathlib

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance

OUT = pathlib.Path(__file__).resolve().parent.parent / "core/src/test/resources/drift/scipy-fixture.json"
rng = np.random.default_rng(20261202)


def binned(ref, cur, fill):
    """Evidently's get_binned_data for a numerical column."""
    if len(np.unique(ref)) > 20:
        bins = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
        r = np.histogram(ref, bins)[0] / len(ref)
        c = np.histogram(cur, bins)[0] / len(cur)
    else:
        keys = sorted(set(ref.tolist()) | set(cur.tolist()))
        r = np.array([np.sum(ref == k) / len(ref) for k in keys])
        c = np.array([np.sum(cur == k) / len(cur) for k in keys])
    if fill:
        for a in (r, c):
            smallest = a[a != 0].min()
            a[a == 0] = smallest / 1e6 if smallest <= 0.0001 else 0.0001
    return r, c


def chi_square(ref, cur):
    keys = sorted(set(ref.tolist()) | set(cur.tolist()))
    k_norm = len(cur) / len(ref)
    f_exp = [np.sum(ref == k) * k_norm for k in keys]
    f_obs = [np.sum(cur == k) for k in keys]
    return float(stats.chisquare(f_obs, f_exp)[1])


def z_test(ref, cur):
    keys = sorted(set(ref.tolist()) | set(cur.tolist()))
    a = (ref != keys[0]).astype(float)
    b = (cur != keys[0]).astype(float)
    n1, n2 = len(a), len(b)
    p1, p2 = a.mean(), b.mean()
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return float(2 * stats.norm.sf(abs(z)))


def column_case(name, ref, cur):
    r_js, c_js = binned(ref, cur, False)
    r_psi, c_psi = binned(ref, cur, True)
    return {
        "name": name,
        "reference": ref.tolist(),
        "current": cur.tolist(),
        "ks_p_value": float(stats.ks_2samp(ref, cur).pvalue),
        "wasserstein": float(stats.wasserstein_distance(ref, cur)),
        "normed_wasserstein": float(stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)),
        "jensen_shannon": float(distance.jensenshannon(r_js, c_js)),
        "psi": float(np.sum((r_psi - c_psi) * np.log(r_psi / c_psi))),
    }


columns = [
    column_case("normal, shifted", rng.normal(0, 1, 400), rng.normal(0.3, 1.2, 150)),
    column_case("normal, same", rng.normal(5, 2, 1200), rng.normal(5, 2, 300)),
    column_case("lengths with ties", rng.poisson(40, 600).astype(float), rng.poisson(44, 250).astype(float)),
    column_case("shares in [0, 1]", rng.beta(2, 8, 500), rng.beta(2, 6, 200)),
    column_case("few values", rng.integers(0, 4, 300).astype(float), rng.integers(0, 5, 120).astype(float)),
]
categorical = []
for name, ref, cur in [
    ("three values", rng.choice([0.0, 1.0, 2.0], 500, p=[0.5, 0.3, 0.2]), rng.choice([0.0, 1.0, 2.0], 200, p=[0.4, 0.3, 0.3])),
    ("five values", rng.integers(0, 5, 800).astype(float), rng.integers(0, 5, 300).astype(float)),
]:
    categorical.append({"name": name, "reference": ref.tolist(), "current": cur.tolist(),
                        "chi_square_p_value": chi_square(ref, cur)})
binary = []
for name, ref, cur in [
    ("binary, 13 % vs 20 %", (rng.random(900) < 0.13).astype(float), (rng.random(300) < 0.20).astype(float)),
    ("binary, same", (rng.random(700) < 0.05).astype(float), (rng.random(400) < 0.05).astype(float)),
]:
    r_js, c_js = binned(ref, cur, False)
    binary.append({"name": name, "reference": ref.tolist(), "current": cur.tolist(),
                   "z_p_value": z_test(ref, cur), "jensen_shannon": float(distance.jensenshannon(r_js, c_js))})

# Embeddings: MMD² (unbiased) with the RBF kernel exp(-d² / σ²), σ the median pairwise distance of
# the pooled sample; and the cosine distance between the means.
x = rng.normal(0, 1, (120, 6)).astype(np.float32)
y = (rng.normal(0, 1, (80, 6)) + np.array([0.4, 0, 0, -0.2, 0, 0])).astype(np.float32)
pooled = np.vstack([x, y]).astype(np.float64)
d2 = ((pooled[:, None, :] - pooled[None, :, :]) ** 2).sum(-1)
iu = np.triu_indices(len(pooled), 1)
sigma = float(np.median(np.sqrt(d2[iu])))
K = np.exp(-d2 / sigma**2)
m, n = len(x), len(y)
Kx, Ky, Kxy = K[:m, :m], K[m:, m:], K[:m, m:]
mmd2u = (Kx.sum() - np.trace(Kx)) / (m * (m - 1)) + (Ky.sum() - np.trace(Ky)) / (n * (n - 1)) - 2 * Kxy.sum() / (m * n)
embeddings = {
    "reference": x.tolist(),
    "current": y.tolist(),
    "median_distance": sigma,
    "mmd2_unbiased": float(mmd2u),
    "cosine_distance": float(distance.cosine(x.astype(np.float64).mean(0), y.astype(np.float64).mean(0))),
}

OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(json.dumps({
    "generator": "scripts/drift-fixture.py",
    "numpy": np.__version__,
    "scipy": scipy.__version__,
    "columns": columns,
    "categorical": categorical,
    "binary": binary,
    "embeddings": embeddings,
}) + "\n")
print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
