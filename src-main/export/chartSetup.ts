import {
  Chart,
  Decimation,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  LogarithmicScale,
  PointElement,
  Title,
  type ChartConfiguration,
  type Point
} from 'chart.js'

let registered = false

/** Chart.js is tree-shaken: register exactly what a loss chart uses (no tooltip: no pointer here). */
function ensureRegistered(): void {
  if (registered) return
  Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Title, Legend, Decimation)
  registered = true
}

/** What Chart.js needs of a canvas: its size and a 2D context whose `canvas` points back to it. */
export interface ChartTarget {
  width: number
  height: number
  getContext(id: '2d'): unknown
}

/**
 * Draws one frame of the chart onto the target synchronously, hands it to `finish` (encode it
 * there: Chart.js clears the canvas when the chart is destroyed) and releases the chart.
 * `pixelRatio` is Chart.js's devicePixelRatio: the target becomes widthPx×ratio by heightPx×ratio
 * (floored), with everything drawn in CSS pixels scaled by it.
 */
export async function drawChart<T>(
  target: ChartTarget,
  config: ChartConfiguration<'line', Point[]>,
  size: { widthPx: number; heightPx: number; pixelRatio: number },
  finish: () => T | Promise<T>
): Promise<T> {
  ensureRegistered()
  target.width = size.widthPx
  target.height = size.heightPx
  const options = {
    ...config.options,
    responsive: false,
    maintainAspectRatio: false,
    animation: false as const,
    devicePixelRatio: size.pixelRatio
  }
  const chart = new Chart(target, { ...config, options })
  try {
    // Chart.js logs instead of throwing when it gets no context; an empty file must not pass as a figure.
    if (!chart.ctx) throw new Error('Chart.js could not get a 2D context from the export canvas')
    return await finish()
  } finally {
    chart.destroy()
  }
}
