#!/usr/bin/python3
"""RRLFN in PyTorch, written from RLFN's reference code (block.py), used two ways:

  reference  load parameters exported by the Java model (one .npy per parameter, RRLFN names), run an input
             .npy through the network and write the SR .npy: an independent implementation of the layers
             (PyTorch's conv, max_pool2d, bilinear interpolate, PixelShuffle) to check ours against.
  train      Adam steps (PyTorch autograd and torch.optim.Adam) from exported weights on given minibatches, with
             L1 or L1 + contrastive loss: a second implementation of the training step to check ours against.
  loss       a pixel loss (l1, charbonnier, mse) of an SR .npy against an HR .npy and its gradient, as BasicSR computes
             it: the check of the Java loss registry's entries.
  benchmark  time one training step and one inference on the same threads, as a peer for the Java numbers.
  export-rlfn  CHECKPOINT.pth OUT.onnx: a published RLFN_S checkpoint (bytedance/RLFN's state_dict) as an ONNX
             graph (torch.onnx.export, opset 13, dynamic N/H/W), in RLFN's 0..255 pixel convention; import it with
             `bin/rrlfn import --onnx OUT.onnx --output MODEL.zip --pixel-range 255`.
  rlfn-reference  run a published checkpoint on an input .npy in [0, 1] the way RLFN's test_demo.py does
             (x·255 in, output /255) and write the SR .npy: the reference the import is checked against.

RLFN_S is this network's DEPLOY form (RLFN's block.py: conv_1, RLFB blocks c1_r..c3_r + LeakyReLU 0.05, residual,
c5, ESA; conv_2 + residual; upsampler conv + PixelShuffle), so the published weights load into RRLFN(deploy=True)
under RLFN's state-dict keys renamed (rlfn_key_to_ours).
"""
import argparse
import os
import re
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class RepConv(nn.Module):
    """3x3 conv + parallel 1x1 conv (TRAIN) or one 3x3 conv (DEPLOY)."""

    def __init__(self, c, deploy):
        super().__init__()
        self.deploy = deploy
        self.k3 = nn.Conv2d(c, c, 3, padding=1)
        if not deploy:
            self.k1 = nn.Conv2d(c, c, 1)

    def forward(self, x):
        return self.k3(x) if self.deploy else self.k3(x) + self.k1(x)


class ESA(nn.Module):
    def __init__(self, f, c):
        super().__init__()
        self.conv1 = nn.Conv2d(c, f, 1)
        self.convf = nn.Conv2d(f, f, 1)
        self.conv2 = nn.Conv2d(f, f, 3, stride=2, padding=0)
        self.conv3 = nn.Conv2d(f, f, 3, padding=1)
        self.conv4 = nn.Conv2d(f, c, 1)

    def forward(self, x):
        c1_ = self.conv1(x)
        c1 = self.conv2(c1_)
        v_max = F.max_pool2d(c1, kernel_size=7, stride=3)
        c3 = self.conv3(v_max)
        c3 = F.interpolate(c3, (x.size(2), x.size(3)), mode='bilinear', align_corners=False)
        cf = self.convf(c1_)
        return x * torch.sigmoid(self.conv4(c3 + cf))


class RRLFB(nn.Module):
    def __init__(self, c, f, deploy, slope):
        super().__init__()
        self.rm = nn.ModuleList([RepConv(c, deploy) for _ in range(3)])
        self.c5 = nn.Conv2d(c, c, 1)
        self.esa = ESA(f, c)
        self.slope = slope

    def forward(self, x):
        out = x
        for rm in self.rm:
            out = F.leaky_relu(rm(out), self.slope)
        return self.esa(self.c5(out + x))


class RRLFN(nn.Module):
    def __init__(self, scale, c=48, blocks=6, f=16, deploy=False, slope=0.05):
        super().__init__()
        self.head = nn.Conv2d(3, c, 3, padding=1)
        self.blocks = nn.ModuleList([RRLFB(c, f, deploy, slope) for _ in range(blocks)])
        self.body = nn.Conv2d(c, c, 3, padding=1)
        self.up = nn.Conv2d(c, 3 * scale * scale, 3, padding=1)
        self.shuffle = nn.PixelShuffle(scale)

    def forward(self, x):
        shallow = self.head(x)
        deep = shallow
        for b in self.blocks:
            deep = b(deep)
        return self.shuffle(self.up(self.body(deep) + shallow))

    def rrlfn_convs(self):
        """(RRLFN parameter prefix, conv) pairs, e.g. ('b0.rm1.k3', Conv2d): the Java model's names."""
        yield 'head', self.head
        yield 'body', self.body
        yield 'up', self.up
        for i, b in enumerate(self.blocks):
            for r, rm in enumerate(b.rm, start=1):
                p = 'b%d.rm%d' % (i, r)
                if rm.deploy:
                    yield p, rm.k3
                else:
                    yield p + '.k3', rm.k3
                    yield p + '.k1', rm.k1
            yield 'b%d.c5' % i, b.c5
            for name in ('conv1', 'convf', 'conv2', 'conv3', 'conv4'):
                yield 'b%d.esa.%s' % (i, name), getattr(b.esa, name)

    def load_rrlfn_npy(self, folder):
        """Copy parameters exported as <rrlfn name>.npy (e.g. b0.rm1.k3.W) into this module."""
        for prefix, module in self.rrlfn_convs():
            module.weight.data = torch.from_numpy(np.load(os.path.join(folder, prefix + '.W.npy')))
            module.bias.data = torch.from_numpy(np.load(os.path.join(folder, prefix + '.b.npy'))).reshape(-1)

    def save_rrlfn_npy(self, folder):
        os.makedirs(folder, exist_ok=True)
        for prefix, module in self.rrlfn_convs():
            np.save(os.path.join(folder, prefix + '.W.npy'), module.weight.detach().numpy())
            np.save(os.path.join(folder, prefix + '.b.npy'), module.bias.detach().numpy())


def contrastive_loss(sr, hr, neg, kernels, biases, lambdas):
    """Paper eq. 9 with RLFN's feature network: phi_1 = tanh(conv1(x)), phi_2 = conv2(phi_1) (unpadded);
    d = mean absolute difference over the batch."""
    def phi(x):
        h1 = torch.tanh(F.conv2d(x, kernels[0], biases[0]))
        return [h1, F.conv2d(h1, kernels[1], biases[1])]
    total = 0
    for lam, a, p, n in zip(lambdas, phi(sr), phi(hr), phi(neg)):
        total = total + lam * (a - p).abs().mean() / ((a - n).abs().mean() + 1e-12)
    return total


def pixel_loss(a):
    """A registered pixel loss of sr.npy against hr.npy as BasicSR computes it (reduction 'mean' over every
    element); writes the loss and its gradient with respect to sr (float64)."""
    sr = torch.from_numpy(np.load(a.sr)).double().requires_grad_()
    hr = torch.from_numpy(np.load(a.hr)).double()
    if a.type == 'charbonnier':
        loss = torch.sqrt((sr - hr) ** 2 + 1e-12).mean()    # basicsr.losses.basic_loss.charbonnier_loss, eps 1e-12
    elif a.type == 'mse':
        loss = F.mse_loss(sr, hr)                           # basicsr.losses.basic_loss.MSELoss
    else:
        loss = F.l1_loss(sr, hr)
    loss.backward()
    np.save(os.path.join(a.output, 'loss.npy'), np.array([loss.item()]))
    np.save(os.path.join(a.output, 'grad.npy'), sr.grad.numpy())


def train(a):
    """Adam steps on minibatches lr-<t>.npy / hr-<t>.npy from the exported weights; writes losses.npy (the loss
    of each step, before its update) and the final parameters."""
    dtype = torch.float64 if a.double else torch.float32
    net = RRLFN(a.scale, a.channels, a.blocks, a.esa, deploy=False, slope=a.slope)
    net.load_rrlfn_npy(a.weights)
    net = net.to(dtype)
    opt = torch.optim.Adam(net.parameters(), lr=a.lr, betas=(0.9, 0.999), eps=a.eps)
    load = lambda name: torch.from_numpy(np.load(os.path.join(a.batches, name))).to(dtype)
    if a.contrastive_weight > 0:
        kernels, biases = [load('phi%d.W.npy' % i) for i in (0, 1)], [load('phi%d.b.npy' % i).reshape(-1) for i in (0, 1)]
        ah, aw = load('resize-h.npy'), load('resize-w.npy')
    losses = []
    for t in range(a.steps):
        for group in opt.param_groups:
            group['lr'] = a.lr * 0.5 ** (t // a.halving)
            if a.eps_before_correction:
                # DL4J (and Kingma & Ba's "eps-hat") add eps to sqrt(v) before the bias correction; torch adds it
                # after. Same update when torch's eps is eps / sqrt(1 - beta2^step).
                group['eps'] = a.eps / (1 - 0.999 ** (t + 1)) ** 0.5
        lr_img, hr = load('lr-%d.npy' % t), load('hr-%d.npy' % t)
        opt.zero_grad()
        sr = net(lr_img)
        loss = F.l1_loss(sr, hr)
        if a.contrastive_weight > 0:
            neg = torch.einsum('Hh,nchw,Ww->ncHW', ah, lr_img, aw)    # MATLAB bicubic as interpolation matrices
            loss = loss + a.contrastive_weight * contrastive_loss(sr, hr, neg, kernels, biases, a.lambdas)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    np.save(os.path.join(a.output, 'losses.npy'), np.array(losses))
    net.save_rrlfn_npy(a.output)


def rlfn_key_to_ours(key):
    """RLFN's state-dict key (block.py's attribute names) -> this module's, e.g. block_3.c2_r.weight -> blocks.2.rm.1.k3.weight."""
    fixed = {'conv_1.': 'head.', 'conv_2.': 'body.', 'upsampler.0.': 'up.'}
    for theirs, ours in fixed.items():
        if key.startswith(theirs):
            return ours + key[len(theirs):]
    m = re.fullmatch(r'block_(\d+)\.(c[123]_r|c5|esa\.(?:conv1|conv_f|conv2|conv3|conv4))\.(weight|bias)', key)
    if not m:
        raise ValueError('not an RLFN_S state-dict key: %r' % key)
    block, conv, kind = int(m.group(1)) - 1, m.group(2), m.group(3)
    if conv.endswith('_r'):
        conv = 'rm.%d.k3' % (int(conv[1]) - 1)
    return 'blocks.%d.%s.%s' % (block, conv.replace('conv_f', 'convf'), kind)


def load_rlfn(checkpoint):
    """RLFN_S from a published .pth (a state_dict, or a dict holding one under 'params'/'state_dict'), 0..255 pixels."""
    sd = torch.load(checkpoint, map_location='cpu')
    for wrapper in ('params', 'state_dict', 'model'):
        if isinstance(sd, dict) and wrapper in sd and isinstance(sd[wrapper], dict):
            sd = sd[wrapper]
    try:
        up, head = sd['upsampler.0.weight'], sd['conv_1.weight']
        blocks = len({k.split('.')[0] for k in sd if k.startswith('block_')})
        esa = sd['block_1.esa.conv1.weight'].shape[0]
    except KeyError as e:
        raise SystemExit('%s: not an RLFN_S state_dict (missing %s)' % (checkpoint, e))
    channels = head.shape[0]
    scale = int(round((up.shape[0] / 3) ** 0.5))
    if 3 * scale * scale != up.shape[0]:
        raise SystemExit('%s: upsampler.0 has %d outputs, not 3*s^2' % (checkpoint, up.shape[0]))
    net = RRLFN(scale, channels, blocks, esa, deploy=True).eval()
    try:
        net.load_state_dict({rlfn_key_to_ours(k): v.float() for k, v in sd.items()}, strict=True)
    except (ValueError, RuntimeError) as e:
        raise SystemExit('%s: %s' % (checkpoint, e))
    return net


def export_rlfn(a):
    net = load_rlfn(a.checkpoint)
    s = net.shuffle.upscale_factor
    tmp = a.output + '.tmp'
    with torch.no_grad():
        torch.onnx.export(net, torch.rand(1, 3, 32, 40) * 255, tmp, opset_version=13, input_names=['lr'],
                          output_names=['sr'], do_constant_folding=True,
                          dynamic_axes={'lr': {0: 'N', 2: 'H', 3: 'W'}, 'sr': {0: 'N', 2: 'H*%d' % s, 3: 'W*%d' % s}})
    os.replace(tmp, a.output)
    print('%s: RLFN_S x%d, 0..255 pixels -> %s' % (a.checkpoint, s, a.output))


def rlfn_reference(a):
    if len(a.input) != len(a.output):
        raise SystemExit('--input and --output need as many files each')
    net = load_rlfn(a.checkpoint)
    for src, dst in zip(a.input, a.output):
        with torch.no_grad():
            sr = net(torch.from_numpy(np.load(src)).float() * 255) / 255
        np.save(dst, sr.numpy())


def reference(a):
    net = RRLFN(a.scale, a.channels, a.blocks, a.esa, deploy=a.deploy, slope=a.slope)
    net.load_rrlfn_npy(a.weights)
    net = net.float()
    with torch.no_grad():
        sr = net(torch.from_numpy(np.load(a.input)).float())
    np.save(a.output, sr.numpy())


def median_ms(fn, repeats, sync=lambda: None):
    """Median wall time after two warm-ups; sync waits for queued GPU work (a no-op on the CPU)."""
    fn(); fn(); sync()
    times = []
    for _ in range(repeats):
        t = time.perf_counter(); fn(); sync(); times.append((time.perf_counter() - t) * 1000)
    return float(np.median(times))


def benchmark(a):
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    dev = torch.device(a.device)
    sync = torch.cuda.synchronize if dev.type == 'cuda' else (lambda: None)
    net = RRLFN(a.scale).to(dev)
    opt = torch.optim.Adam(net.parameters(), lr=5e-4, betas=(0.9, 0.999))
    lr = torch.rand(a.batch, 3, a.hr_patch // a.scale, a.hr_patch // a.scale, device=dev)
    hr = torch.rand(a.batch, 3, a.hr_patch, a.hr_patch, device=dev)

    def step():
        opt.zero_grad()
        F.l1_loss(net(lr), hr).backward()
        opt.step()

    train = median_ms(step, a.repeats, sync)
    image = torch.rand(1, 3, a.lr_size, a.lr_size, device=dev)
    with torch.no_grad():
        t_train = median_ms(lambda: net(image), a.repeats, sync)
        fused = RRLFN(a.scale, deploy=True).to(dev).eval()
        t_fused = median_ms(lambda: fused(image), a.repeats, sync)
    where = torch.cuda.get_device_name(dev) if dev.type == 'cuda' else '%d threads' % a.threads
    print('PyTorch %s, %s, x%d, batch %d' % (torch.__version__, where, a.scale, a.batch))
    print('%-44s %12.1f' % ('train step, TRAIN form (branches)', train))
    print('%-44s %12.1f' % ('inference %dx%d LR, TRAIN, branches' % (a.lr_size, a.lr_size), t_train))
    print('%-44s %12.1f' % ('inference %dx%d LR, DEPLOY (fused)' % (a.lr_size, a.lr_size), t_fused))
    print('%-44s %12.1f' % ('train patches/s', a.batch * 1000.0 / train))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest='mode', required=True)
    r = sub.add_parser('reference')
    r.add_argument('--weights', required=True)
    r.add_argument('--input', required=True)
    r.add_argument('--output', required=True)
    r.add_argument('--scale', type=int, required=True)
    r.add_argument('--channels', type=int, default=48)
    r.add_argument('--blocks', type=int, default=6)
    r.add_argument('--esa', type=int, default=16)
    r.add_argument('--slope', type=float, default=0.05)
    r.add_argument('--deploy', action='store_true')
    t = sub.add_parser('train')
    t.add_argument('--weights', required=True)
    t.add_argument('--batches', required=True)
    t.add_argument('--output', required=True)
    t.add_argument('--steps', type=int, required=True)
    t.add_argument('--lr', type=float, required=True)
    t.add_argument('--halving', type=int, required=True)
    t.add_argument('--eps', type=float, default=1e-8)
    t.add_argument('--double', action='store_true', help='float64 weights and data')
    t.add_argument('--eps-before-correction', action='store_true', help="Adam's eps placed as DL4J places it")
    t.add_argument('--scale', type=int, required=True)
    t.add_argument('--channels', type=int, default=48)
    t.add_argument('--blocks', type=int, default=6)
    t.add_argument('--esa', type=int, default=16)
    t.add_argument('--slope', type=float, default=0.05)
    t.add_argument('--contrastive-weight', type=float, default=0)
    t.add_argument('--lambdas', type=float, nargs=2, default=[1.0, 1.0])
    pl = sub.add_parser('loss')
    pl.add_argument('--type', choices=['l1', 'charbonnier', 'mse'], required=True)
    pl.add_argument('--sr', required=True)
    pl.add_argument('--hr', required=True)
    pl.add_argument('--output', required=True)
    b = sub.add_parser('benchmark')
    b.add_argument('--scale', type=int, default=4)
    b.add_argument('--threads', type=int, default=2)
    b.add_argument('--batch', type=int, default=16)
    b.add_argument('--hr-patch', type=int, default=128)
    b.add_argument('--lr-size', type=int, default=256)
    b.add_argument('--repeats', type=int, default=5)
    b.add_argument('--device', default='cpu', help="torch device, e.g. cuda (the step of a GPU executor)")
    e = sub.add_parser('export-rlfn')
    e.add_argument('checkpoint')
    e.add_argument('output')
    rr = sub.add_parser('rlfn-reference')
    rr.add_argument('checkpoint')
    rr.add_argument('--input', required=True, nargs='+')
    rr.add_argument('--output', required=True, nargs='+')
    a = p.parse_args()
    {'reference': reference, 'train': train, 'loss': pixel_loss, 'benchmark': benchmark, 'export-rlfn': export_rlfn,
     'rlfn-reference': rlfn_reference}[a.mode](a)


if __name__ == '__main__':
    main()
