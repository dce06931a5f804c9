import type { Matrix } from '@shared/domain'
import type { Kernels } from '../kernels'
import type { Rng } from '../rng'
import { normal } from './init'
import { NacWeights } from './nacWeights'
import { empty, ensure, matrix, param, type Input, type Param, type Tensor2D, type Unit } from './types'

/** log(max(|x|, ε)): iNALU clips the input of the log rather than shifting it. */
function fillLogClip(x: Float64Array, out: Float64Array, len: number, eps: number): void {
  for (let i = 0; i < len; i++) out[i] = Math.log(Math.max(Math.abs(x[i]), eps))
}

/**
 * iNALU (Schlör, Ring & Hotho 2020): separate NACs for the add and the log path, the log path's
 * pre-activation clipped at ω, the product's sign recovered as Π_i(sgn(x_i)|W_m,oi| + 1 − |W_m,oi|),
 * and an input-independent gate g = σ(ĝ). Initialisation of the authors' code: Ŵ ~ N(0.88, 0.2),
 * M̂ ~ N(0.5, 0.2), ĝ ~ N(0, 0.2).
 */
export function createInalu(eps: number, omega: number, inDim: number, outDim: number, rng: Rng, K: Kernels): Unit {
  const O = outDim,
    D = inDim
  const init = (p: Param, which: 'W' | 'M'): void => normal(p, rng, which === 'W' ? 0.88 : 0.5, 0.2)
  const wa = new NacWeights(O, D, rng, 'a.', init)
  const wm = new NacWeights(O, D, rng, 'm.', init)
  const ghat = param('g', 1, O)
  normal(ghat, rng, 0, 0.2)
  const gate = new Float64Array(O)
  const dWa = new Float64Array(O * D),
    dWm = new Float64Array(O * D)
  const pre = new Float64Array(D + 1),
    fac = new Float64Array(D)
  const key = `logclip:${eps}`
  let a = empty(),
    mz = empty(),
    sgn = empty()
  let da = empty(),
    dmz = empty(),
    tmp = empty()

  const refresh = (): void => {
    wa.refresh()
    wm.refresh()
    for (let o = 0; o < O; o++) gate[o] = 1 / (1 + Math.exp(-ghat.value[o]))
  }
  refresh()

  /** the sign factor Π_j(s_j|W_oj| + 1 − |W_oj|) of one row and output */
  const signOf = (x: Float64Array, r: number, o: number): number => {
    let p = 1
    for (let j = 0; j < D; j++) {
      const w = Math.abs(wm.W[o * D + j]),
        v = x[r * D + j]
      p *= (v > 0 ? 1 : v < 0 ? -1 : 0) * w + 1 - w
    }
    return p
  }

  return {
    kind: 'inalu',
    inDim,
    outDim,
    params: [wa.What, wa.Mhat, wm.What, wm.Mhat, ghat],
    refresh,
    forward(input: Input, y: Float64Array) {
      const n = input.n,
        x = input.x
      const L = input.derived(key, eps, fillLogClip)
      a = ensure(a, n * O)
      mz = ensure(mz, n * O)
      sgn = ensure(sgn, n * O)
      K.gemmNT(x, n, D, wa.W, O, a)
      K.gemmNT(L, n, D, wm.W, O, mz)
      for (let r = 0; r < n; r++) {
        for (let o = 0; o < O; o++) {
          const i = r * O + o
          const s = signOf(x, r, o)
          sgn[i] = s
          y[i] = gate[o] * a[i] + (1 - gate[o]) * Math.exp(Math.min(mz[i], omega)) * s
        }
      }
    },
    backward(input: Input, dy: Float64Array, dx: Float64Array | null) {
      const n = input.n,
        x = input.x
      const L = input.derived(key, eps, fillLogClip)
      da = ensure(da, n * O)
      dmz = ensure(dmz, n * O)
      dWa.fill(0)
      dWm.fill(0)
      for (let r = 0; r < n; r++) {
        for (let o = 0; o < O; o++) {
          const i = r * O + o
          const d = dy[i],
            g = gate[o]
          const m = Math.exp(Math.min(mz[i], omega))
          da[i] = d * g
          // the clip min(z, ω) passes the gradient where z ≤ ω (tfjs's convention at the tie)
          dmz[i] = mz[i] <= omega ? d * (1 - g) * m * sgn[i] : 0
          ghat.grad[o] += d * (a[i] - m * sgn[i]) * g * (1 - g)
          // sign factor: ∂/∂|W_oj| of Π(s_j|W| + 1 − |W|) by prefix/suffix products
          const ds = d * (1 - g) * m
          pre[0] = 1
          for (let j = 0; j < D; j++) {
            const w = Math.abs(wm.W[o * D + j]),
              v = x[r * D + j]
            fac[j] = (v > 0 ? 1 : v < 0 ? -1 : 0) * w + 1 - w
            pre[j + 1] = pre[j] * fac[j]
          }
          let suf = 1
          for (let j = D - 1; j >= 0; j--) {
            const v = x[r * D + j]
            const dAbs = ds * pre[j] * suf * ((v > 0 ? 1 : v < 0 ? -1 : 0) - 1)
            dWm[o * D + j] += dAbs * (wm.W[o * D + j] > 0 ? 1 : -1)
            suf *= fac[j]
          }
        }
      }
      K.gemmTNAcc(da, n, O, x, D, dWa)
      K.gemmTNAcc(dmz, n, O, L, D, dWm)
      wa.backward(dWa)
      wm.backward(dWm)
      if (dx) {
        K.gemmNN(da, n, O, wa.W, D, dx)
        tmp = ensure(tmp, n * D)
        K.gemmNN(dmz, n, O, wm.W, D, tmp)
        // d/dx log(max(|x|, ε)) = sgn(x)/|x| where |x| ≥ ε; the sign factor has no x-gradient
        for (let i = 0; i < n * D; i++) {
          const v = x[i],
            av = Math.abs(v)
          if (av >= eps) dx[i] += (tmp[i] * (v > 0 ? 1 : -1)) / av
        }
      }
    },
    sparsityWeights: () => [wa.W, wm.W],
    sumGates(n: number, acc: Float64Array) {
      for (let o = 0; o < O; o++) acc[o] += n * gate[o]
    },
    matrices(gateMeans: number[] | null): Matrix[] {
      const blend = new Float64Array(O * D)
      for (let o = 0; o < O; o++) {
        const g = gateMeans?.[o] ?? gate[o]
        for (let j = 0; j < D; j++) blend[o * D + j] = g * wa.W[o * D + j] + (1 - g) * wm.W[o * D + j]
      }
      return [
        matrix('W (gate g·W_a + (1−g)·W_m)', O, D, blend),
        matrix('W_a (add path)', O, D, wa.W),
        matrix('W_m (log path)', O, D, wm.W),
        matrix('a.Ŵ', O, D, wa.What.value),
        matrix('a.M̂', O, D, wa.Mhat.value),
        matrix('m.Ŵ', O, D, wm.What.value),
        matrix('m.M̂', O, D, wm.Mhat.value),
        matrix('ĝ', 1, O, ghat.value)
      ]
    },
    tfForward(tf, p, x) {
      const Wa = wa.tf(tf, p['a.What'], p['a.Mhat']) as Tensor2D
      const Wm = wm.tf(tf, p['m.What'], p['m.Mhat']) as Tensor2D
      const add = tf.matMul(x, Wa, false, true)
      const z = tf.matMul(tf.log(tf.maximum(tf.abs(x), eps)), Wm, false, true)
      const mul = tf.exp(tf.minimum(z, omega))
      const absW = tf.expandDims(tf.abs(Wm), 0)
      const sign = tf.prod(tf.add(tf.mul(tf.expandDims(tf.sign(x), 1), absW), tf.sub(1, absW)), 2)
      const g = tf.sigmoid(tf.reshape(p.g, [1, O]))
      return tf.add<Tensor2D>(tf.mul(g, add), tf.mul(tf.mul(tf.sub(1, g), mul), sign))
    }
  }
}
