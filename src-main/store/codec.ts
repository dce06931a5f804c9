/**
 * Encodings that keep every float bit-exact: the per-output MSE arrays as a little-endian Float64
 * BLOB (8 bytes a number, no parsing on read), and JSON for engine-produced values in which the
 * numbers JSON cannot hold (NaN, ±Infinity, -0) are written as marker strings.
 */

export function encodePerOutput(interp: readonly number[], extrap: readonly number[]): Buffer {
  if (interp.length !== extrap.length) {
    throw new Error(`perOutput.interp has ${interp.length} entries but perOutput.extrap has ${extrap.length}`)
  }
  const buf = Buffer.allocUnsafe((interp.length + extrap.length) * 8)
  interp.forEach((v, i) => buf.writeDoubleLE(v, i * 8))
  extrap.forEach((v, i) => buf.writeDoubleLE(v, (interp.length + i) * 8))
  return buf
}

export function decodePerOutput(buf: Buffer): { interp: number[]; extrap: number[] } {
  const n = buf.length / 16
  const interp = new Array<number>(n)
  const extrap = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    interp[i] = buf.readDoubleLE(i * 8)
    extrap[i] = buf.readDoubleLE((n + i) * 8)
  }
  return { interp, extrap }
}

/** SQLite stores NaN as NULL; the metric columns are otherwise NOT NULL in meaning. */
/** Bytes as base64 without copying them (a packed answer's field). */
export const base64Of = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')

export function realOrNaN(v: number | null): number {
  return v === null ? NaN : v
}

export const NUMBER_MARKERS = ['NaN', 'Infinity', '-Infinity', '-0'] as const
export type NumberMarker = (typeof NUMBER_MARKERS)[number]

function markerOf(v: number): NumberMarker | null {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Infinity) return 'Infinity'
  if (v === -Infinity) return '-Infinity'
  if (Object.is(v, -0)) return '-0'
  return null
}

function numberOf(m: string): number | undefined {
  switch (m) {
    case 'NaN':
      return NaN
    case 'Infinity':
      return Infinity
    case '-Infinity':
      return -Infinity
    case '-0':
      return -0
    default:
      return undefined
  }
}

/** Deep copy with every number JSON cannot hold replaced by its marker string. */
export function encodeNumbers<T>(value: T): unknown {
  if (typeof value === 'number') return markerOf(value) ?? value
  if (Array.isArray(value)) return value.map(encodeNumbers)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeNumbers(v)]))
  }
  return value
}

/**
 * The inverse of encodeNumbers. Only for values whose strings are engine-made (weights, final
 * metrics), never for user text, where "NaN" is an ordinary note.
 */
export function decodeNumbers(value: unknown): unknown {
  if (typeof value === 'string') return numberOf(value) ?? value
  if (Array.isArray(value)) return value.map(decodeNumbers)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeNumbers(v)]))
  }
  return value
}

export function toExactJson(value: unknown): string {
  return JSON.stringify(encodeNumbers(value))
}

export function fromExactJson<T>(text: string | null): T | null {
  return text === null ? null : (decodeNumbers(JSON.parse(text)) as T)
}

/** A number for CSV/JSON text that reads back as the same float (shortest round-trip form). */
export function exactNumberText(v: number): string {
  return markerOf(v) ?? String(v)
}
