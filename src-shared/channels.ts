/**
 * The contract's channel names alone, without schemas, for the sandboxed preload (which should not
 * carry zod). contract.ts is checked against these lists, so the two cannot drift.
 */
export const INVOKE_CHANNEL_NAMES = [
  'app.info',
  'presets.list',
  'experiments.run',
  'experiments.delete',
  'jobs.list',
  'jobs.cancel',
  'jobs.watchWeights',
  'runs.list',
  'runs.get',
  'runs.series',
  'runs.chart',
  'runs.epochs',
  'runs.snapshots',
  'runs.recovered',
  'runs.update',
  'runs.delete',
  'runs.facets',
  'bundles.export',
  'bundles.import',
  'figures.export',
  'files.save',
  'figures.save',
  'figures.bundle',
  'figures.saveBundle',
  'studies.summary',
  'studies.series',
  'studies.addSeeds',
  'studies.resume',
  'slurm.status',
  'slurm.live',
  'slurm.cancel'
] as const
export const EVENT_CHANNEL_NAMES = ['jobs.progress', 'jobs.finished', 'jobs.weights', 'runs.changed', 'slurm.polled'] as const

export type InvokeChannel = (typeof INVOKE_CHANNEL_NAMES)[number]
export type EventChannel = (typeof EVENT_CHANNEL_NAMES)[number]

export function isInvokeChannel(c: unknown): c is InvokeChannel {
  return typeof c === 'string' && (INVOKE_CHANNEL_NAMES as readonly string[]).includes(c)
}
export function isEventChannel(c: unknown): c is EventChannel {
  return typeof c === 'string' && (EVENT_CHANNEL_NAMES as readonly string[]).includes(c)
}
