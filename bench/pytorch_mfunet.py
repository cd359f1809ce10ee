#!/usr/bin/env python3
"""The paper preset of MFU-Net in plain PyTorch, to time it against mfunet on the same machine.

Same blocks, channels and parameter count as mfunet's `paper` preset (the script checks the count):
three residual encoders (64..512 channels, depth 4), max fusion, a residual bottleneck on the concatenated
deepest encodings, decoder levels of 1x1 conv + pixel shuffle then a residual block over
[upsampled, fused, LGE, T2, bSSFP], spatial attention at 1/4 size, three 1x1 heads. Inference is
`torch.inference_mode()` in eval mode (BatchNorm not folded: plain PyTorch practice); a training step is
forward, per-head cross-entropy, backward and Adam at batch 4 x 288^2.

Usage: python3 bench/pytorch_mfunet.py [--threads 2] [--repeats 3]
"""
import argparse
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def conv_bn(cin, cout, k=3, stride=1, relu=True):
    layers = [nn.Conv2d(cin, cout, k, stride, k // 2, bias=False), nn.BatchNorm2d(cout)]
    if relu:
        layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class Residual(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.first = conv_bn(cin, cout)
        self.second = conv_bn(cout, cout, relu=False)
        self.shortcut = None if cin == cout else conv_bn(cin, cout, k=1, relu=False)

    def forward(self, x):
        skip = x if self.shortcut is None else self.shortcut(x)
        return F.relu(self.second(self.first(x)) + skip)


class Upsample(nn.Module):
    def __init__(self, cin, cout, factor):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout * factor * factor, 1)
        self.factor = factor

    def forward(self, x):
        return F.pixel_shuffle(self.conv(x), self.factor)


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.down = nn.Sequential(conv_bn(c, c, stride=2), conv_bn(c, c, stride=2))
        self.q = nn.Conv2d(c, c // 2, 1)
        self.k = nn.Conv2d(c, c // 2, 1)
        self.v = nn.Conv2d(c, c, 1)
        self.up = Upsample(c, c, 4)
        self.gamma = nn.Parameter(torch.zeros(1))

    def forward(self, x):
        s = self.down(x)
        b, _, h, w = s.shape
        q, k, v = self.q(s).flatten(2), self.k(s).flatten(2), self.v(s).flatten(2)
        a = torch.softmax(q.transpose(1, 2) @ k, dim=2)
        o = (v @ a.transpose(1, 2)).reshape(b, -1, h, w)
        return x + self.gamma * self.up(o)


class MfuNet(nn.Module):
    def __init__(self, f=64, depth=4):
        super().__init__()
        self.depth = depth
        self.encoders = nn.ModuleList(
            nn.ModuleList(Residual(1 if l == 0 else f << (l - 1), f << l) for l in range(depth)) for _ in range(3))
        self.bottleneck = Residual(3 * (f << (depth - 1)), f << depth)
        self.ups = nn.ModuleList()
        self.blocks = nn.ModuleList()
        for l in range(depth - 1, -1, -1):
            self.ups.append(Upsample(f << (l + 1), f << l, 2))
            self.blocks.append(Residual((f << l) + 4 * (f << l), f << l))
        self.attention = Attention(f)
        self.heads = nn.ModuleList(nn.Conv2d(f, n, 1) for n in (4, 2, 2))

    def forward(self, x):
        feats = []
        for s, enc in enumerate(self.encoders):
            y, levels = x[:, s:s + 1], []
            for block in enc:
                y = block(y)
                levels.append(y)
                y = F.max_pool2d(y, 2)
            feats.append((levels, y))
        y = self.bottleneck(torch.cat([fe[1] for fe in feats], 1))
        for i in range(self.depth):
            l = self.depth - 1 - i
            lv = [fe[0][l] for fe in feats]
            fused = torch.maximum(torch.maximum(lv[0], lv[1]), lv[2])
            y = self.blocks[i](torch.cat([self.ups[i](y), fused] + lv, 1))
        y = self.attention(y)
        return [h(y) for h in self.heads]


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--channels-last", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    net = MfuNet()
    params = sum(t.numel() for t in net.parameters())
    fmt = torch.channels_last if a.channels_last else torch.contiguous_format
    print(f"torch {torch.__version__}, {a.threads} threads, parameters {params:,} (mfunet paper preset: 63,238,153)")
    net.eval()
    x = torch.randn(1, 3, 288, 288).to(memory_format=fmt)
    times = []
    with torch.inference_mode():
        for r in range(a.repeats + 1):
            t = time.perf_counter()
            net(x)
            times.append(time.perf_counter() - t)
    print(f"inference 288^2: median {sorted(times[1:])[len(times[1:]) // 2]:.3f} s/slice, peak RSS {peak_rss_mb():.0f} MiB")
    net.train()
    opt = torch.optim.Adam(net.parameters(), lr=1e-4)
    xb = torch.randn(4, 3, 288, 288).to(memory_format=fmt)
    targets = [torch.randint(0, n, (4, 288, 288)) for n in (4, 2, 2)]
    times = []
    warmup = 2  # as mfunet bench: the first steps still grow the allocator's pool
    for r in range(a.repeats + warmup):
        t = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = sum(F.cross_entropy(o, y) for o, y in zip(net(xb), targets))
        loss.backward()
        opt.step()
        times.append(time.perf_counter() - t)
        print(f"  step {r}: {times[-1]:.2f} s", flush=True)
    timed = sorted(times[warmup:])
    print(f"training step 4 x 288^2: median {timed[len(timed) // 2]:.2f} s, peak RSS {peak_rss_mb():.0f} MiB")


if __name__ == "__main__":
    main()
