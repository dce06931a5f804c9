/**
 * One line of an on-screen chart's legend. It lives outside ChartLegend.vue so that the chart using
 * the legend sees its type: a .vue file's named exports are invisible to plain TypeScript tools.
 */
export interface LegendEntry {
  /** the dataset index of the line in its chart */
  index: number
  label: string
  colour: string
  dash: number[]
}
