import { createRequire } from 'node:module'
import type { CanvasModule } from './canvasModule'

/**
 * The family exported figures are drawn with. It ships in an npm package, so a machine without
 * fonts draws the same text as CI; Arimo has Arial's, Helvetica's and Liberation Sans's metrics,
 * so a reader that substitutes one of those (the SVG names them as fallbacks) keeps the layout.
 */
export const EXPORT_FONT_FAMILY = 'Arimo'
const PACKAGE = '@expo-google-fonts/arimo'
/** Chart.js draws normal and bold text only. */
const FACES = ['400Regular/Arimo_400Regular.ttf', '700Bold/Arimo_700Bold.ttf']

let registered = false

/** Registers the shipped faces with the canvas once per process (the figure worker is one). */
export function registerExportFont(canvas: Pick<CanvasModule, 'GlobalFonts'>): void {
  if (registered) return
  const require = createRequire(import.meta.url)
  for (const face of FACES) {
    let file: string
    try {
      file = require.resolve(`${PACKAGE}/${face}`)
    } catch {
      throw new Error(`The figure font ${face} of ${PACKAGE} is missing; run npm install to restore it.`)
    }
    if (!canvas.GlobalFonts.registerFromPath(file, EXPORT_FONT_FAMILY)) {
      throw new Error(`The canvas could not load the figure font ${file}.`)
    }
  }
  registered = true
}
