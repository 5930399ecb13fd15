"""PyTorch CPU side of tools/onnx/bench-vs-torch.mjs: the same MLP, step and inference.
Prints one JSON line. Usage: python torch_bench.py --threads 2 --steps 30 --warmup 5"""
import argparse
import json
import statistics
import time

import torch


def summarize(ms):
    return {
        "median": round(statistics.median(ms), 2),
        "mean": round(sum(ms) / len(ms), 2),
        "min": round(min(ms), 2),
        "n": len(ms),
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("--warmup", type=int, default=5)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    sizes = [784, 1000, 500, 200, 75]
    layers = []
    for i in range(len(sizes) - 1):
        layers += [torch.nn.Linear(sizes[i], sizes[i + 1]), torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers, torch.nn.Dropout(0.1), torch.nn.Linear(75, 1))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    x = torch.rand(256, 784)
    y = (torch.rand(256, 1) > 0.7).float()
    model.train()
    step_ms = []
    for i in range(a.warmup + a.steps):
        if i == a.warmup:
            cpu0 = time.process_time()
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        loss.item()
        if i >= a.warmup:
            step_ms.append((time.perf_counter() - t0) * 1000)
    train_cpu = (time.process_time() - cpu0) * 1000 / a.steps
    model.eval()
    xi = torch.rand(1024, 784)
    infer_ms = []
    with torch.no_grad():
        for i in range(a.warmup + a.steps):
            if i == a.warmup:
                cpu0 = time.process_time()
            t0 = time.perf_counter()
            torch.sigmoid(model(xi)).numpy()
            if i >= a.warmup:
                infer_ms.append((time.perf_counter() - t0) * 1000)
    infer_cpu = (time.process_time() - cpu0) * 1000 / a.steps
    print(json.dumps({
        "engine": "torch",
        "version": torch.__version__,
        "threads": torch.get_num_threads(),
        "trainStep": summarize(step_ms),
        "inferB1024": summarize(infer_ms),
        "trainCpuMs": round(train_cpu, 2),
        "inferCpuMs": round(infer_cpu, 2),
    }))


if __name__ == "__main__":
    main()
