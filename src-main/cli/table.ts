/** A plain-text table, columns padded to their widest cell, numbers right-aligned. */
export function table(header: string[], rows: (string | number | null)[][]): string {
  const cells = rows.map((r) => r.map((c) => (c === null ? '–' : typeof c === 'number' ? formatNumber(c) : c)))
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)))
  const numeric = header.map((_, i) => rows.every((r) => typeof r[i] === 'number' || r[i] === null))
  const line = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd()
  return [line(header), ...cells.map(line)].join('\n') + '\n'
}

export function formatNumber(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v)
  const a = Math.abs(v)
  return a !== 0 && (a >= 1e6 || a < 1e-3) ? v.toExponential(3) : String(Number(v.toPrecision(5)))
}
