"""Synthetic network-flow data for the Ray batch-scoring example (seeded: same ROWS, same files).

  python make_data.py OUT_DIR ROWS [PARTITIONS]

Writes, under OUT_DIR:
  train.parquet  5 000 labelled rows (90 % "normal", 10 % "attack") to train the a3 model on;
  flows/         ROWS unlabelled rows with a unique int64 "id", as a hive-partitioned Parquet
                 data set (flows/day=0/…, flows/day=1/…, one directory per partition), the
                 layout Spark, Hive and Ray Data read and write;
  flows.parquet  the same rows as one file, for the single-process `a3 score` reference.
Columns: id, proto and service (strings: one-hot encoded inside the exported model), duration,
src_bytes, dst_bytes, pkts, err_rate (numbers), and label in train.parquet.
"""
import pathlib
import sys

import numpy as np
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

PROTOS = np.array(["tcp", "udp", "icmp"])
SERVICES = np.array(["http", "dns", "ssh", "smtp", "ftp", "ntp", "irc", "telnet"])


def flows(rng: np.random.Generator, n: int, attack: np.ndarray) -> dict:
    """Normal flows cluster; attacks are short, error-heavy, on rarer services."""
    normal_service = rng.choice(SERVICES[:5], n, p=[0.5, 0.2, 0.1, 0.1, 0.1])
    attack_service = rng.choice(SERVICES[3:], n)
    return {
        "proto": np.where(attack, rng.choice(PROTOS, n), rng.choice(PROTOS[:2], n, p=[0.8, 0.2])),
        "service": np.where(attack, attack_service, normal_service),
        "duration": np.where(attack, rng.exponential(0.2, n), rng.exponential(3.0, n)).astype(np.float32),
        "src_bytes": np.where(attack, rng.integers(0, 100, n), rng.integers(200, 5000, n)).astype(np.int64),
        "dst_bytes": np.where(attack, rng.integers(0, 50, n), rng.integers(500, 20000, n)).astype(np.int64),
        "pkts": np.where(attack, rng.integers(1, 4, n), rng.integers(4, 60, n)).astype(np.int32),
        "err_rate": np.where(attack, rng.uniform(0.5, 1.0, n), rng.uniform(0.0, 0.1, n)).astype(np.float64),
    }


def main(out: str, rows: int, partitions: int) -> None:
    root = pathlib.Path(out)
    root.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(2409)
    n_train = 5_000
    attack = rng.random(n_train) < 0.1
    train = pa.table({**flows(rng, n_train, attack), "label": np.where(attack, "attack", "normal")})
    pq.write_table(train, root / "train.parquet")

    attack = rng.random(rows) < 0.02
    data = flows(rng, rows, attack)
    table = pa.table({"id": np.arange(rows, dtype=np.int64), **data, "day": np.arange(rows) % partitions})
    pq.write_table(table.drop_columns(["day"]), root / "flows.parquet", row_group_size=65_536)
    ds.write_dataset(
        table,
        root / "flows",
        format="parquet",
        partitioning=ds.partitioning(pa.schema([("day", pa.int64())]), flavor="hive"),
        existing_data_behavior="overwrite_or_ignore",
    )
    files = sorted((root / "flows").rglob("*.parquet"))
    print(f"wrote {n_train} training rows and {rows} flows in {len(files)} partitions under {root}")


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: make_data.py OUT_DIR ROWS [PARTITIONS]")
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) == 4 else 8)
