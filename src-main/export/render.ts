import type { ChartConfiguration, Point } from 'chart.js'
import { ApiError } from '@shared/api'
import type { FigureOptions } from '@shared/domain'
import type { CanvasModule } from './canvasModule'
import { drawChart, type ChartTarget } from './chartSetup'
import { withPngDpi } from './pngDpi'
import { mergeSvgText } from './svgText'

type Config = ChartConfiguration<'line', Point[]>
type Size = Pick<FigureOptions, 'widthPx' | 'heightPx'>

/** Skia's practical limit; beyond it allocation fails or the encoder takes minutes. */
export const MAX_PNG_SIDE = 32_000
export const MAX_PNG_PIXELS = 100_000_000
/** CSS pixels are 1/96 in, PDF points 1/72 in: a 800 px figure is a 600 pt (8.33 in) page. */
export const PT_PER_PX = 0.75
/** A figure's CSS pixels are 1/96 in, so a PNG drawn at `scale` has 96 × scale pixels per inch. */
export const CSS_PX_PER_IN = 96

export function pngPixelSize(size: Size, scale: number): { width: number; height: number } {
  // Chart.js floors widthPx×scale the same way when it sizes the canvas.
  return { width: Math.floor(size.widthPx * scale), height: Math.floor(size.heightPx * scale) }
}

export async function renderPng(canvas: CanvasModule, config: Config, size: Size, scale: number): Promise<Buffer> {
  const px = pngPixelSize(size, scale)
  if (px.width < 1 || px.height < 1 || px.width > MAX_PNG_SIDE || px.height > MAX_PNG_SIDE || px.width * px.height > MAX_PNG_PIXELS) {
    throw new ApiError({
      code: 'invalid',
      field: 'scale',
      message: `A ${px.width}×${px.height} PNG is outside what can be drawn (1 to ${MAX_PNG_SIDE} px a side, ${MAX_PNG_PIXELS / 1e6} megapixels); lower the scale or the size.`
    })
  }
  const target = new canvas.Canvas(size.widthPx, size.heightPx)
  // encode() compresses on libuv's thread pool: the slowest step (~0.2 s at 1600×1000) leaves the main thread free
  // the file says how large it is meant to print: widthPx / 96 inches, whatever the scale
  return drawChart(target, config, { ...size, pixelRatio: scale }, async () =>
    withPngDpi(await target.encode('png'), CSS_PX_PER_IN * scale)
  )
}

/** Skia's SVG canvas: paths as paths, and text as <text> (ConvertTextToPaths is deliberately not set). */
export function renderSvg(canvas: CanvasModule, config: Config, size: Size): Promise<Buffer> {
  const target = canvas.createCanvas(
    size.widthPx,
    size.heightPx,
    // compact: pretty-printing puts newlines inside <text>, which some viewers draw as a leading
    // space. (The binding takes one flag, not a combination.)
    canvas.SvgExportFlag.NoPrettyXML
  )
  return drawChart(target, config, { ...size, pixelRatio: 1 }, () =>
    withFontFallbacks(Buffer.from(mergeSvgText(target.getContent().toString('utf8')), 'utf8'))
  )
}

/**
 * Skia names only the face it used (Arimo, the shipped font). A reader without it would fall
 * back to a serif; Arial and Helvetica share Arimo's metrics, so the per-glyph
 * positions Skia wrote still fit them.
 */
export function withFontFallbacks(svg: Buffer): Buffer {
  const text = svg
    .toString('utf8')
    .replace(/font-family="([^"',]+)"/g, (_m, family: string) => `font-family="'${family}', Arial, Helvetica, sans-serif"`)
  return Buffer.from(text, 'utf8')
}

/**
 * Chart.js finds the canvas through `ctx.canvas`, which the PDF page's context does not have (a
 * read-only getter returning undefined). This proxy adds it and forwards everything else to the
 * native context with the right `this`.
 */
function withCanvasBackref<T extends object>(ctx: T, target: ChartTarget): T {
  const bound = new Map<PropertyKey, unknown>()
  return new Proxy(ctx, {
    get(t, prop) {
      if (prop === 'canvas') return target
      const v: unknown = Reflect.get(t, prop, t)
      if (typeof v !== 'function') return v
      if (!bound.has(prop)) bound.set(prop, (v as (...a: unknown[]) => unknown).bind(t))
      return bound.get(prop)
    },
    set(t, prop, value) {
      return Reflect.set(t, prop, value, t)
    }
  })
}

/** One vector page sized to the figure (Skia's PDF backend: text stays text, lines stay paths). */
export async function renderPdf(canvas: CanvasModule, config: Config, size: Size, title: string): Promise<Buffer> {
  const doc = new canvas.PDFDocument({ title, creator: 'NALU Lab', producer: 'NALU Lab (Chart.js, Skia PDF)' })
  const page = doc.beginPage(size.widthPx * PT_PER_PX, size.heightPx * PT_PER_PX)
  const target: ChartTarget = { width: 0, height: 0, getContext: () => ctx }
  const ctx = withCanvasBackref(page, target)
  await drawChart(target, config, { ...size, pixelRatio: PT_PER_PX }, () => doc.endPage())
  return doc.close()
}
