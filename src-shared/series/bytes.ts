/**
 * Little-endian Float64 blocks and their base64: how packed series travel (runs.chart, runs.epochs,
 * progress events). A leaf module, so the domain's schemas and progress events can use it without
 * importing the series code that imports the domain.
 */

/**
 * A run's series as five columns of bare numbers, one entry per kept epoch in ascending order: what
 * a chart draws, without an object per epoch (a long run's chart answer decodes and encodes as five
 * arrays instead of thousands of objects). Losses keep NaN and ±Infinity.
 */
export interface SeriesColumns<C extends ArrayLike<number> = ArrayLike<number>> {
  epoch: C
  trainMse: C
  interpMse: C
  extrapMse: C
  wallMs: C
}

export const COLUMN_NAMES = ['epoch', 'trainMse', 'interpMse', 'extrapMse', 'wallMs'] as const

/** Typed arrays use the platform's byte order; the packed columns (and plot blocks) are little-endian. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/**
 * Writes `values` as little-endian Float64 at `offset` (a multiple of 8) of `bytes`: one native
 * copy where the platform is little-endian. Value by value through a DataView, a cold server
 * packed a 50,000-epoch run's three stored reductions in 44 ms, in the turn that kept them.
 */
export function writeFloat64s(bytes: Uint8Array, offset: number, values: ArrayLike<number>): void {
  if (LITTLE_ENDIAN && (bytes.byteOffset + offset) % 8 === 0) {
    new Float64Array(bytes.buffer, bytes.byteOffset + offset, values.length).set(values)
    return
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, values.length * 8)
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i], true)
}

/**
 * Little-endian Float64 values (a per-output block, a column) as a Float64Array: a view on the bytes
 * where they are aligned (a decoded answer is), else a copy read value by value.
 */
export function readFloat64s(bytes: Uint8Array): Float64Array {
  const n = bytes.byteLength / 8
  if (!Number.isInteger(n)) throw new Error(`a block of ${bytes.byteLength} bytes is not Float64 values`)
  if (LITTLE_ENDIAN && bytes.byteOffset % 8 === 0) return new Float64Array(bytes.buffer, bytes.byteOffset, n)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = view.getFloat64(i * 8, true)
  return out
}

/**
 * The five columns as one little-endian Float64 block, column after column (epoch, train, interp,
 * extrap MSE, wall ms): how a reduction is stored (db/006) and sent (base64 in runs.chart). Every
 * value survives bit for bit, NaN and ±Infinity included, and neither side touches a number to
 * encode or decode the text (a JSON array of 35,000 doubles took longer to write than to compute).
 */
export function packColumns(c: SeriesColumns): Uint8Array {
  const n = c.epoch.length
  const bytes = new Uint8Array(n * 8 * COLUMN_NAMES.length)
  COLUMN_NAMES.forEach((k, j) => writeFloat64s(bytes, j * n * 8, c[k]))
  return bytes
}

export function unpackColumns(bytes: Uint8Array): SeriesColumns<Float64Array> {
  const n = bytes.byteLength / (8 * COLUMN_NAMES.length)
  if (!Number.isInteger(n)) throw new Error(`a block of ${bytes.byteLength} bytes is not five Float64 columns`)
  // views on the bytes where they are aligned (a decoded answer is): no copy, no value read in JS
  const [epoch, trainMse, interpMse, extrapMse, wallMs] = COLUMN_NAMES.map((_, j) =>
    readFloat64s(bytes.subarray(j * n * 8, (j + 1) * n * 8))
  )
  return { epoch, trainMse, interpMse, extrapMse, wallMs }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
/** Two base64 digits for each 12 bits, built on first use. */
let pairs: string[] | null = null

/** The engine's own encoder where it has one (Chromium 140 and later; not Node 20). */
const nativeToBase64 = (Uint8Array.prototype as unknown as { toBase64?: (this: Uint8Array) => string }).toBase64

/**
 * Base64 of `bytes`. Node 20 has no native encoder for a Uint8Array outside Buffer, which shared code
 * does not use: there, twelve bits a step through a table, four times faster than btoa over a byte
 * string (progress events are packed in the server as training runs, 12 ms for the sign-caveat
 * preset's 2.6 MB against 50 ms).
 */
export function toBase64(bytes: Uint8Array): string {
  if (nativeToBase64) return nativeToBase64.call(bytes)
  const table = (pairs ??= Array.from({ length: 4096 }, (_, i) => ALPHABET[i >> 6] + ALPHABET[i & 63]))
  const parts: string[] = []
  let text = ''
  const whole = bytes.length - (bytes.length % 3)
  for (let i = 0; i < whole; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2]
    text += table[v >> 12] + table[v & 4095]
    // short pieces joined once: one long string grown a few characters at a time is a deep rope
    if (text.length >= 8192) {
      parts.push(text)
      text = ''
    }
  }
  if (bytes.length - whole === 1) text += table[bytes[whole] << 4] + '=='
  else if (bytes.length - whole === 2) {
    const v = (bytes[whole] << 16) | (bytes[whole + 1] << 8)
    text += table[v >> 12] + ALPHABET[(v >> 6) & 63] + '='
  }
  parts.push(text)
  return parts.join('')
}

/** The engine's own decoder where it has one (Chromium 140 and later; not Node 20): no byte loop in JS. */
const nativeFromBase64 = (Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array }).fromBase64

export function fromBase64(text: string): Uint8Array {
  if (nativeFromBase64) return nativeFromBase64(text)
  const bin = atob(text)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

export const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** The length of `bytes` bytes in base64 (padded): what a packed field's length must be. */
export const base64Length = (bytes: number): number => 4 * Math.ceil(bytes / 3)
