/**
 * The lean PyTorch loop the engine benchmark races (written to a temp folder and run by Debian's
 * python3-torch): the article's three models on the very data our run trains on (read from raw
 * Float64 files), Adam 1e-3, MSE, evaluation of both test sets (per-output MSE) every epoch. It
 * trains the schedule ours does (meta `shuffle`, `dropLast`, the spec's defaults): the rows in a
 * new seeded order every epoch, gathered batch by batch, and no last batch shorter than batchSize;
 * without them, batches sliced once up front, as the article's DataLoader. The NALU gets the σ on its gate, as ours does. One thread; it
 * reports the BLAS library it loaded (OpenBLAS once libopenblas0-pthread is installed). Float32
 * unless the meta file (argv[2], default meta.json) says `dtype: 'float64'`; each model's training
 * time in wall and CPU seconds (time.process_time), and each epoch's CPU seconds after the first
 * (`epochCpu`, for a median that one slow stretch of a shared machine does not move).
 */
export const LEAN_LOOP = String.raw`
import json, os, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
folder = sys.argv[1]
meta = json.load(open(folder + '/' + (sys.argv[2] if len(sys.argv) > 2 else 'meta.json')))
dtype = meta.get('dtype', 'float32')
torch.set_default_dtype(torch.float64 if dtype == 'float64' else torch.float32)
prefix = meta.get('prefix', '')
def load(name, rows, cols):
    return torch.from_numpy(np.fromfile(folder + '/' + prefix + name + '.bin', dtype='<f8').reshape(rows, cols).astype(dtype))
sets = {s: (load(s + '-x', meta[s], meta['inDim']), load(s + '-y', meta[s], meta['outDim'])) for s in ('train', 'interp', 'extrap')}
torch.manual_seed(0)

class NAC(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.W = nn.Parameter(torch.empty(o, i)); nn.init.xavier_normal_(self.W)
        self.M = nn.Parameter(torch.empty(o, i)); nn.init.xavier_normal_(self.M)
    def forward(self, x):
        return x @ (torch.tanh(self.W) * torch.sigmoid(self.M)).t()

class NALU(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.add, self.log = NAC(i, o), NAC(i, o)
        self.G = nn.Parameter(torch.empty(o, i)); nn.init.xavier_normal_(self.G)
    def forward(self, x):
        g = torch.sigmoid(x @ self.G.t())
        return g * self.add(x) + (1 - g) * torch.exp(self.log(torch.log(torch.abs(x) + 1e-7)))

class Vanilla(nn.Module):
    def __init__(self, i, o):
        super().__init__(); self.fc = nn.Linear(i, o)
    def forward(self, x):
        return F.relu(self.fc(x))

X, Y = sets['train']
bs = meta['batchSize']
n = X.shape[0]
shuffle, drop_last = meta.get('shuffle', False), meta.get('dropLast', False)
starts = range(0, n - bs + 1 if drop_last else n, bs)
fixed = [(X[k:k + bs], Y[k:k + bs]) for k in starts]
order = torch.Generator().manual_seed(0)
def batches():
    if not shuffle:
        return fixed
    perm = torch.randperm(n, generator=order)
    return ((X[perm[k:k + bs]], Y[perm[k:k + bs]]) for k in starts)
out = {}
for name, net in (('vanilla', Vanilla), ('nac', NAC), ('nalu(article)', NALU)):
    net = net(meta['inDim'], meta['outDim'])
    opt = torch.optim.Adam(net.parameters(), lr=meta['lr'])
    start, cpu = time.perf_counter(), time.process_time()
    marks = []
    for epoch in range(meta['epochs']):
        total, rows = 0.0, 0
        for xb, yb in batches():
            loss = F.mse_loss(net(xb), yb)
            opt.zero_grad(); loss.backward(); opt.step()
            total += loss.item() * xb.shape[0]
            rows += xb.shape[0]
        with torch.no_grad():
            for s in ('interp', 'extrap'):
                xs, ys = sets[s]
                ((net(xs) - ys) ** 2).mean(0).tolist()
        marks.append(time.process_time())
    out[name] = {'seconds': time.perf_counter() - start, 'cpu': time.process_time() - cpu, 'trainMse': total / rows,
                 'epochCpu': [b - a for a, b in zip(marks, marks[1:])]}
# which BLAS the process really loaded (Debian's libblas.so.3 is the reference BLAS or OpenBLAS, by alternatives)
blas = sorted({l.split()[-1] for l in open('/proc/self/maps') if 'blas' in l.lower() and '/' in l})
blas = [os.path.realpath(b) for b in blas]
print(json.dumps({'torch': torch.__version__, 'dtype': dtype, 'threads': torch.get_num_threads(), 'blas': blas, 'models': out}))
`
