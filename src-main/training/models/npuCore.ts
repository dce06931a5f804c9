import type { Matrix } from '@shared/domain'
import type { Kernels } from '../kernels'
import type { Rng } from '../rng'
import { constant, xavierUniform } from './init'
import { empty, ensure, matrix, param, type Input, type Tensor, type Tensor2D, type Tf, type Unit } from './types'

/**
 * Neural power unit (Heim, Madsen & Opolka, NeurIPS 2020). With a relevance gate g ∈ [0, 1] per
 * input, r = g(|x| + ε) + 1 − g and k = gπ·[x < 0] (the argument of a negative number's complex
 * log), the NPU computes exp(Re·log r − Im·k) ⊙ cos(Re·k + Im·log r): signs are exact, so negative
 * inputs are no problem. `complex: false` is the RealNPU (Im = 0). Init as the authors' code:
 * Re Glorot-uniform, Im = 0, g = ½.
 */
export function createNpuUnit(kind: 'npu' | 'realnpu', eps: number, inDim: number, outDim: number, rng: Rng, K: Kernels): Unit {
  const complex = kind === 'npu'
  const O = outDim,
    D = inDim
  const Re = param(complex ? 'Re' : 'W', O, D)
  xavierUniform(Re, rng, D, O)
  const Im = complex ? param('Im', O, D) : null
  if (Im) constant(Im, 0)
  const g = param('g', 1, D, { min: 0, max: 1 })
  constant(g, 0.5)
  let R = empty(),
    L = empty(),
    Kx = empty()
  let A = empty(),
    B = empty(),
    tmp = empty()
  let dA = empty(),
    dB = empty(),
    dL = empty(),
    dK = empty()
  const gate = (j: number): number => Math.min(Math.max(g.value[j], 0), 1)

  return {
    kind,
    inDim,
    outDim,
    params: Im ? [Re, Im, g] : [Re, g],
    refresh() {},
    forward(input: Input, y: Float64Array) {
      const n = input.n,
        x = input.x
      R = ensure(R, n * D)
      L = ensure(L, n * D)
      Kx = ensure(Kx, n * D)
      A = ensure(A, n * O)
      B = ensure(B, n * O)
      tmp = ensure(tmp, n * O)
      for (let r = 0; r < n; r++) {
        for (let j = 0; j < D; j++) {
          const i = r * D + j,
            gj = gate(j),
            v = x[i]
          R[i] = gj * (Math.abs(v) + eps) + 1 - gj
          L[i] = Math.log(R[i])
          Kx[i] = v < 0 ? gj * Math.PI : 0
        }
      }
      K.gemmNT(L, n, D, Re.value, O, A)
      K.gemmNT(Kx, n, D, Re.value, O, B)
      if (Im) {
        K.gemmNT(Kx, n, D, Im.value, O, tmp)
        for (let i = 0; i < n * O; i++) A[i] -= tmp[i]
        K.gemmNT(L, n, D, Im.value, O, tmp)
        for (let i = 0; i < n * O; i++) B[i] += tmp[i]
      }
      for (let i = 0; i < n * O; i++) y[i] = Math.exp(A[i]) * Math.cos(B[i])
    },
    backward(input: Input, dy: Float64Array, dx: Float64Array | null) {
      const n = input.n,
        x = input.x
      dA = ensure(dA, n * O)
      dB = ensure(dB, n * O)
      dL = ensure(dL, n * D)
      dK = ensure(dK, n * D)
      for (let i = 0; i < n * O; i++) {
        const e = Math.exp(A[i])
        dA[i] = dy[i] * e * Math.cos(B[i])
        dB[i] = -dy[i] * e * Math.sin(B[i])
      }
      K.gemmTNAcc(dA, n, O, L, D, Re.grad)
      K.gemmTNAcc(dB, n, O, Kx, D, Re.grad)
      K.gemmNN(dA, n, O, Re.value, D, dL)
      K.gemmNN(dB, n, O, Re.value, D, dK)
      if (Im) {
        K.gemmTNAcc(dB, n, O, L, D, Im.grad)
        for (let i = 0; i < n * O; i++) tmp[i] = -dA[i]
        K.gemmTNAcc(tmp, n, O, Kx, D, Im.grad)
        K.gemmNN(dB, n, O, Im.value, D, dL, true)
        K.gemmNN(tmp, n, O, Im.value, D, dK, true)
      }
      if (dx) dx.fill(0, 0, n * D)
      for (let r = 0; r < n; r++) {
        for (let j = 0; j < D; j++) {
          const i = r * D + j,
            v = x[i],
            gv = g.value[j]
          const dR = dL[i] / R[i]
          // clipByValue passes the gradient inside [0, 1], ends included (tfjs)
          if (gv >= 0 && gv <= 1) g.grad[j] += dR * (Math.abs(v) + eps - 1) + (v < 0 ? dK[i] * Math.PI : 0)
          if (dx) dx[i] = dR * gate(j) * (v > 0 ? 1 : -1)
        }
      }
    },
    matrices(): Matrix[] {
      const list = [matrix(complex ? 'Re (exponents)' : 'W (exponents)', O, D, Re.value)]
      if (Im) list.push(matrix('Im', O, D, Im.value))
      list.push(matrix('g (relevance gate per input)', 1, D, g.value))
      return list
    },
    tfForward(tf: Tf, p: Record<string, Tensor>, x: Tensor2D): Tensor2D {
      const gc = tf.clipByValue(tf.reshape(p.g, [1, D]), 0, 1)
      const r = tf.add(tf.mul(gc, tf.add(tf.abs(x), eps)), tf.sub(1, gc))
      const k = tf.mul(tf.mul(gc, Math.PI), tf.relu(tf.neg(tf.sign(x))))
      const logr = tf.log(r)
      const W = p[complex ? 'Re' : 'W'] as Tensor2D
      let a = tf.matMul(logr, W, false, true)
      let b = tf.matMul(k, W, false, true)
      if (complex) {
        const I = p.Im as Tensor2D
        a = tf.sub(a, tf.matMul(k, I, false, true))
        b = tf.add(b, tf.matMul(logr, I, false, true))
      }
      return tf.mul<Tensor2D>(tf.exp(a), tf.cos(b))
    }
  }
}
