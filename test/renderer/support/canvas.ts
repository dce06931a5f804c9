import { vi } from 'vitest'

export interface CanvasCall {
  op: string
  args: unknown[]
  fillStyle: unknown
  strokeStyle: unknown
  lineJoin: unknown
}

/**
 * jsdom has no 2D canvas. This records what is drawn (fillRect with its colour, fillText…) and
 * answers the few queries Chart.js makes, so charts and heatmaps run their real code in tests.
 */
export function installCanvas(): { calls: CanvasCall[] } {
  const calls: CanvasCall[] = []
  const make = (canvas: HTMLCanvasElement) => {
    const state: Record<string | symbol, unknown> = { canvas, fillStyle: '#000', font: '10px sans-serif', lineWidth: 1 }
    return new Proxy(state, {
      get(target, prop) {
        if (prop in target) return target[prop]
        if (prop === 'measureText') return (t: string) => ({ width: t.length * 6, actualBoundingBoxAscent: 8, actualBoundingBoxDescent: 2 })
        if (prop === 'getImageData' || prop === 'createImageData') return () => ({ data: new Uint8ClampedArray(4) })
        if (prop === 'createLinearGradient' || prop === 'createRadialGradient' || prop === 'createPattern') {
          return () => ({ addColorStop: () => undefined })
        }
        if (prop === 'getTransform') return () => ({ a: 1, d: 1 })
        if (prop === 'isPointInPath') return () => false
        if (prop === 'getLineDash') return () => []
        return (...args: unknown[]) => {
          calls.push({
            op: String(prop),
            args,
            fillStyle: target.fillStyle,
            strokeStyle: target.strokeStyle,
            lineJoin: target.lineJoin ?? 'miter'
          })
        }
      },
      set(target, prop, value) {
        target[prop] = value
        return true
      }
    }) as unknown as CanvasRenderingContext2D
  }
  const contexts = new WeakMap<HTMLCanvasElement, CanvasRenderingContext2D>()
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (this: HTMLCanvasElement) {
    let ctx = contexts.get(this)
    if (!ctx) contexts.set(this, (ctx = make(this)))
    return ctx
  })
  if (typeof globalThis.ResizeObserver === 'undefined') {
    globalThis.ResizeObserver = class {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    }
  }
  return { calls }
}
