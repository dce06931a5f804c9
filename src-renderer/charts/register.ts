import {
  Chart,
  Decimation,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Title,
  Tooltip
} from 'chart.js'

let done = false

/** Only what the loss charts use, so the bundle leaves the rest of Chart.js out. */
export function registerCharts(): void {
  if (done) return
  done = true
  Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Title, Legend, Tooltip, Decimation)
}
