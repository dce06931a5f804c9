import { ApiError } from '@shared/api'
import { registerExportFont } from './font'

/** The part of @napi-rs/canvas the exporters use, so the rest of the code never imports it statically. */
export type CanvasModule = typeof import('@napi-rs/canvas')
export type CanvasImporter = () => Promise<CanvasModule>

const defaultImporter: CanvasImporter = () => import('@napi-rs/canvas')
let cached: Promise<CanvasModule> | null = null

/**
 * @napi-rs/canvas is a native addon: a platform without a prebuilt binary (or a broken install)
 * must still open the app and export CSV/JSON. So it is imported on first use, never at start-up,
 * and a failure becomes one sentence instead of a crash.
 */
export async function loadCanvas(importer: CanvasImporter = defaultImporter): Promise<CanvasModule> {
  const isDefault = importer === defaultImporter
  const attempt = isDefault ? (cached ??= importer()) : importer()
  let canvas: CanvasModule
  try {
    canvas = await attempt
  } catch (err) {
    if (isDefault) cached = null
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err)
    throw new ApiError({
      code: 'unavailable',
      message: `PNG, SVG and PDF export need the optional native package @napi-rs/canvas, which could not be loaded here (${why}); CSV and JSON export still work.`
    })
  }
  // the shipped font, not whatever the machine has: the same text on every machine
  registerExportFont(canvas)
  return canvas
}
