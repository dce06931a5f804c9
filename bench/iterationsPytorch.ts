/**
 * The lean one-thread PyTorch loop the iterations benchmark races (run by Debian's python3-torch):
 * Madsen & Johansen's protocol for one model — a fresh batch of 128 rows drawn every iteration
 * (torch.rand, float32 as their code), Adam 1e-3, MSE plus the sparsity regulariser where the model
 * has one, weights clamped after each step, the 10,000-row interpolation and extrapolation sets
 * evaluated every 1,000 iterations — without their logging. Prints {"itps" (per CPU-second), "wallItps", "torch"}.
 * argv: model (nau | nmu | nalu), op, iterations.
 */
export const LEAN_ITERATIONS = String.raw`
import json, math, sys, time
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
torch.manual_seed(0)
model_name, op, iterations = sys.argv[1], sys.argv[2], int(sys.argv[3])
D, B, EVAL, EVERY = 100, 128, 10000, 1000
a0, a1, b0, b1 = 10, 35, 23, 48

def target(x):
    a = x[:, a0:a1].sum(1, keepdim=True)
    b = x[:, b0:b1].sum(1, keepdim=True)
    return {'add': a + b, 'sub': a - b, 'mul': a * b, 'div': a / b}[op]

def sample(n, lo, hi):
    x = torch.rand(n, D) * (hi - lo) + lo
    return x, target(x)

def nac_r(fan):
    var = lambda r: (1 - math.tanh(r) / r) * (r - math.tanh(r / 2)) / (2 * r)
    lo, hi = 1e-9, 10.0
    for _ in range(100):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if fan * var(mid) < 2 else (lo, mid)
    return lo

class NAU(torch.nn.Module):
    def __init__(self, i, o):
        super().__init__()
        r = min(0.5, math.sqrt(3) * math.sqrt(2 / (i + o)))
        self.W = torch.nn.Parameter(torch.empty(o, i).uniform_(-r, r))
    def forward(self, x):
        return F.linear(x, torch.clamp(self.W, -1, 1))
    def reg(self):
        a = self.W.abs()
        return torch.min(a, (1 - a).abs()).mean()
    def clamp(self):
        self.W.data.clamp_(-1, 1)

class NMU(torch.nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.W = torch.nn.Parameter(torch.empty(o, i).uniform_(0.25, 0.75))
    def forward(self, x):
        return torch.prod(x.unsqueeze(1) * self.W + 1 - self.W, -1)
    def reg(self):
        return torch.min(self.W.abs(), (1 - self.W).abs()).mean()
    def clamp(self):
        self.W.data.clamp_(0, 1)

class NALU(torch.nn.Module):
    def __init__(self, i, o):
        super().__init__()
        r = nac_r(max(i + o, 5))
        self.Wh = torch.nn.Parameter(torch.empty(o, i).uniform_(-r, r))
        self.Mh = torch.nn.Parameter(torch.empty(o, i).uniform_(-r, r))
        self.G = torch.nn.Parameter(torch.empty(o, i))
        torch.nn.init.xavier_uniform_(self.G)
    def forward(self, x):
        W = torch.tanh(self.Wh) * torch.sigmoid(self.Mh)
        g = torch.sigmoid(F.linear(x, self.G))
        return g * F.linear(x, W) + (1 - g) * torch.exp(F.linear(torch.log(x.abs() + 1e-7), W))
    def reg(self):
        return None
    def clamp(self):
        pass

first, second, lam, start, end = {
    'nau': (NAU, NAU, 0.01, 5000, 50000),
    'nmu': (NAU, NMU, 10, 1000000, 2000000),
    'nalu': (NALU, NALU, 0, 0, 1),
}[model_name]
layers = torch.nn.ModuleList([first(D, 2), second(2, 1)])
def net(x):
    return layers[1](layers[0](x))
opt = torch.optim.Adam(layers.parameters(), lr=1e-3)
interp = sample(EVAL, 1, 2)
extrap = sample(EVAL, 2, 6)

t0, c0 = time.perf_counter(), time.process_time()
for it in range(iterations + 1):
    x, t = sample(B, 1, 2)
    if it % EVERY == 0 or it == iterations:
        with torch.no_grad():
            ie = F.mse_loss(net(interp[0]), interp[1]).item()
            ee = F.mse_loss(net(extrap[0]), extrap[1]).item()
    if it == iterations:
        break
    opt.zero_grad(set_to_none=True)
    loss = F.mse_loss(net(x), t)
    if lam > 0:
        scale = max(0.0, min(1.0, (it - start) / (end - start)))
        if scale > 0:
            loss = loss + lam * scale * sum(l.reg() for l in layers)
    loss.backward()
    opt.step()
    for l in layers:
        l.clamp()
seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
print(json.dumps({'itps': iterations / cpu, 'wallItps': iterations / seconds, 'torch': torch.__version__, 'interp': ie, 'extrap': ee}))
`
