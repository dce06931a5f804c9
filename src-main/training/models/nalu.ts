import type { Matrix } from '@shared/domain'
import { weightGrad, type Kernels } from '../kernels'
import type { Rng } from '../rng'
import { xavierNormal, xavierUniform } from './init'
import { fillLogAbs, logAbsGrad, nacStart, NacWeights, type NacStart } from './nacWeights'
import { empty, ensure, matrix, param, type Input, type Tensor2D, type Unit } from './types'

/**
 * NALU (Trask et al. 2018): y = g⊙a + (1−g)⊙m with a = W·x, m = exp(W·log(|x|+ε)), g = σ(G·x).
 * `paper` shares one NAC between both paths; `article` gives each path its own NAC, as the
 * article's code does. Both are σ-gated: the article's code forgot the σ (g = x·G), a slip we fix.
 * The add path and the gate are one product with the stacked matrix [W_a; G]. `init` 'madsen'
 * starts the NAC as stable-nalu's NACLayer and G Glorot-uniform (gain 1, layer/_abstract_nalu.py).
 */
export function createNalu(
  variant: 'paper' | 'article',
  init: NacStart,
  eps: number,
  inDim: number,
  outDim: number,
  rng: Rng,
  K: Kernels
): Unit {
  const article = variant === 'article'
  const O = outDim,
    D = inDim,
    O2 = 2 * outDim
  const wa = new NacWeights(O, D, rng, article ? 'a.' : '', nacStart(init, rng, O, D), K)
  const wm = article ? new NacWeights(O, D, rng, 'm.', nacStart(init, rng, O, D), K) : wa
  const G = param('G', O, D)
  if (init === 'madsen') xavierUniform(G, rng, D, O)
  else xavierNormal(G, rng, D, O)
  const WG = new Float64Array(O2 * D)
  const dWG = new Float64Array(O2 * D)
  const dWa = dWG.subarray(0, O * D)
  const dWm = article ? (wm.dW ?? new Float64Array(O * D)) : dWa
  const logKey = `logabs:${eps}`
  let ag = empty(),
    m = empty(),
    g = empty()
  let dag = empty(),
    dmz = empty(),
    tmp = empty()

  const refresh = (): void => {
    wa.refresh()
    if (article) wm.refresh()
    WG.set(wa.W, 0)
    WG.set(G.value, O * D)
  }
  refresh()

  return {
    kind: 'nalu',
    inDim,
    outDim,
    params: article ? [wa.What, wa.Mhat, wm.What, wm.Mhat, G] : [wa.What, wa.Mhat, G],
    // x in JS only for dL/dx
    rowsThroughKernels: true,
    refresh,
    forward(input: Input, y: Float64Array, keep: boolean) {
      const n = input.n
      const L = input.derived(logKey, eps, fillLogAbs)
      ag = ensure(ag, n * O2)
      m = ensure(m, n * O)
      g = ensure(g, n * O)
      // in one call where the kernels can (no copies of ag and m between the products and the step); g always: sumGates reads it
      if (K.naluForward) return K.naluForward(input.x, L, n, D, WG, O, wm.W, ag, m, g, y, keep)
      K.gemmNT(input.x, n, D, WG, O2, ag)
      K.gemmNT(L, n, D, wm.W, O, m)
      K.naluMix(ag, m, n, O, g, y)
    },
    backward(input: Input, dy: Float64Array, dx: Float64Array | null) {
      const n = input.n,
        x = input.x
      const L = input.derived(logKey, eps, fillLogAbs)
      dag = ensure(dag, n * O2)
      dmz = ensure(dmz, n * O)
      pathGrads(dy, g, m, ag, n, O, dag, dmz)
      weightGrad(K, dag, n, O2, x, D, dWG)
      // paper: the shared W collects the gradient of both paths
      if (article) weightGrad(K, dmz, n, O, L, D, dWm)
      else K.gemmTNAcc(dmz, n, O, L, D, dWm)
      wa.backward(dWa)
      if (article) wm.backward(dWm)
      addTo(G.grad, dWG, O * D, O * D)
      if (dx) {
        K.gemmNN(dag, n, O2, WG, D, dx)
        tmp = ensure(tmp, n * D)
        K.gemmNN(dmz, n, O, wm.W, D, tmp)
        for (let i = 0; i < n * D; i++) dx[i] += tmp[i] * logAbsGrad(x[i], eps)
      }
    },
    sparsityWeights: () => (article ? [wa.W, wm.W] : [wa.W]),
    naluParts: article ? undefined : { eps, W: wa.W, G, chainW: (dW) => wa.backward(dW) },
    sumGates(n: number, acc: Float64Array) {
      for (let r = 0; r < n; r++) for (let o = 0; o < O; o++) acc[o] += g[r * O + o]
    },
    matrices(gateMeans: number[] | null): Matrix[] {
      const raw = [matrix(`${article ? 'a.' : ''}Ŵ`, O, D, wa.What.value), matrix(`${article ? 'a.' : ''}M̂`, O, D, wa.Mhat.value)]
      if (!article) return [matrix('W = tanh(Ŵ)⊙σ(M̂)', O, D, wa.W), ...raw, matrix('G', O, D, G.value)]
      const blend = new Float64Array(O * D)
      for (let o = 0; o < O; o++) {
        const ga = gateMeans?.[o] ?? 0.5
        for (let j = 0; j < D; j++) blend[o * D + j] = ga * wa.W[o * D + j] + (1 - ga) * wm.W[o * D + j]
      }
      return [
        matrix('W (mean gate ḡ·W_a + (1−ḡ)·W_m)', O, D, blend),
        matrix('W_a (add path)', O, D, wa.W),
        matrix('W_m (log path)', O, D, wm.W),
        ...raw,
        matrix('m.Ŵ', O, D, wm.What.value),
        matrix('m.M̂', O, D, wm.Mhat.value),
        matrix('G', O, D, G.value)
      ]
    },
    tfForward(tf, p, x) {
      const Wa = wa.tf(tf, p[`${article ? 'a.' : ''}What`], p[`${article ? 'a.' : ''}Mhat`]) as Tensor2D
      const Wm = article ? (wm.tf(tf, p['m.What'], p['m.Mhat']) as Tensor2D) : Wa
      const a = tf.matMul(x, Wa, false, true)
      const mm = tf.exp(tf.matMul(tf.log(tf.add(tf.abs(x), eps)), Wm, false, true))
      const gate = tf.sigmoid(tf.matMul(x, p.G as Tensor2D, false, true))
      return tf.add<Tensor2D>(tf.mul(gate, a), tf.mul(tf.sub(1, gate), mm))
    }
  }
}

/**
 * The gradients of the two paths' products from dL/dy (a function of arrays, as V8 optimises best):
 * per row [da (O) | d(gate logit) (O)] into dag, the log path's d(W·log) into dmz.
 */
function pathGrads(
  dy: Float64Array,
  g: Float64Array,
  m: Float64Array,
  ag: Float64Array,
  n: number,
  O: number,
  dag: Float64Array,
  dmz: Float64Array
): void {
  const O2 = 2 * O
  for (let r = 0; r < n; r++) {
    for (let o = 0; o < O; o++) {
      const i = r * O + o
      const d = dy[i],
        gate = g[i],
        mv = m[i]
      dag[r * O2 + o] = d * gate
      dag[r * O2 + O + o] = d * (ag[r * O2 + o] - mv) * gate * (1 - gate)
      dmz[i] = d * (1 - gate) * mv
    }
  }
}

/** acc[i] += from[at + i], i < len */
function addTo(acc: Float64Array, from: Float64Array, at: number, len: number): void {
  for (let i = 0; i < len; i++) acc[i] += from[at + i]
}
