"""What the studies beside bench-quality share: their common options, and the rule that they run on
tuning splits only (seeds 101 and up), never on the reported seeds 1-5."""

from pathlib import Path

import bench_quality

REPORTED_SEEDS = range(1, 6)


def seed_list(text):
    """'101-103,110' -> [101, 102, 103, 110]."""
    seeds = []
    for part in text.split(","):
        low, _, high = part.partition("-")
        seeds.extend(range(int(low), int(high or low) + 1))
    return seeds


def add_study_arguments(parser):
    parser.add_argument("--seeds", type=seed_list, default=seed_list("101-120"))
    parser.add_argument("--size", type=int, help="training messages (default: all of the split's)")
    parser.add_argument("--ceiling", type=float, default=0.003)
    parser.add_argument("--data-dir", type=Path, default=bench_quality.default_data_dir())


def parse_study_arguments(parser):
    """Parses, refusing the reported seeds: a study must not tune on what is reported."""
    args = parser.parse_args()
    if any(seed in REPORTED_SEEDS for seed in args.seeds):
        parser.error("seeds 1-5 are the reported splits; study on others")
    return args
