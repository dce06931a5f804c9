/**
 * Figures sized for print. A figure is laid out in CSS pixels (1/96 in) and its text in pixels;
 * a journal asks for inches or centimetres, points (1/72 in) and a DPI. So a width of 3.5 in is a
 * 336 px layout, 8 pt text is 10.67 px, and 300 DPI is a pixel scale of 300/96: the PNG is then
 * 1050 px wide and its text prints at 8 pt, the SVG and PDF are 3.5 in wide with 8 pt text.
 */
export const PX_PER_IN = 96
export const PT_PER_IN = 72
export const CM_PER_IN = 2.54

export type LengthUnit = 'in' | 'cm'

/** The widths journals give for one and two columns, with a height that suits a loss curve. */
export const JOURNAL_SIZES = {
  'one-column': { label: 'One journal column (3.5 × 2.5 in)', widthIn: 3.5, heightIn: 2.5 },
  'two-column': { label: 'Two journal columns (7 × 4 in)', widthIn: 7, heightIn: 4 }
} as const
export type JournalSize = keyof typeof JOURNAL_SIZES
export const PRINT_DEFAULTS = { fontPt: 8, dpi: 300 } as const

export function toInches(value: number, unit: LengthUnit): number {
  return unit === 'cm' ? value / CM_PER_IN : value
}

/** "3.5in", "8.9cm", "3.5 in" → inches; null for anything else (a bare number has no unit). */
export function parseLength(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(in|cm)\s*$/i.exec(text)
  if (!m) return null
  const inches = toInches(Number(m[1]), m[2].toLowerCase() as LengthUnit)
  return inches > 0 ? inches : null
}

export interface PrintSize {
  widthIn: number
  heightIn: number
  fontPt: number
  dpi: number
}

/** What a print size means for the figure's options and the PNG's pixel scale. */
export function printLayout(p: PrintSize): { widthPx: number; heightPx: number; fontSize: number; scale: number } {
  return {
    widthPx: Math.round(p.widthIn * PX_PER_IN),
    heightPx: Math.round(p.heightIn * PX_PER_IN),
    fontSize: (p.fontPt * PX_PER_IN) / PT_PER_IN,
    scale: p.dpi / PX_PER_IN
  }
}

/** The inverse, for labels: font size in points of a figure's pixel font size. */
export function fontPoints(fontPx: number): number {
  return (fontPx * PT_PER_IN) / PX_PER_IN
}
