import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { Metric } from '@shared/domain'
import { parseIds } from './format'

/** What a Compare view shows besides its runs; all of it lives in the URL, so a view can be shared. */
export interface CompareView {
  /** one loss, or all three */
  metric: Metric | 'all'
  logY: boolean
  xAxis: 'epoch' | 'wall'
  /** debiased EMA weight, 0 = raw */
  smoothing: number
  groupBy: 'run' | 'model'
  /** whole runs, or their loss per output or per operation */
  split: 'none' | 'output' | 'op'
}

export const DEFAULT_COMPARE_VIEW: Readonly<CompareView> = {
  metric: 'all',
  logY: true,
  xAxis: 'epoch',
  smoothing: 0,
  groupBy: 'run',
  split: 'none'
}

const first = (v: LocationQuery[string]): string | undefined => (Array.isArray(v) ? (v[0] ?? undefined) : (v ?? undefined))

function pick<T extends string>(v: string | undefined, allowed: readonly T[], fallback: T): T {
  return v !== undefined && (allowed as readonly string[]).includes(v) ? (v as T) : fallback
}

/** The view a URL describes; anything missing or unreadable falls back to the default. */
export function viewFromQuery(q: LocationQuery): CompareView {
  const smooth = Number(first(q.smooth))
  return {
    metric: pick(first(q.metric), ['all', 'train', 'interp', 'extrap'] as const, 'all'),
    logY: first(q.scale) !== 'linear',
    xAxis: pick(first(q.x), ['epoch', 'wall'] as const, 'epoch'),
    smoothing: Number.isFinite(smooth) && smooth >= 0 && smooth < 1 ? smooth : 0,
    groupBy: pick(first(q.group), ['run', 'model'] as const, 'run'),
    split: pick(first(q.per), ['none', 'output', 'op'] as const, 'none')
  }
}

/** The URL query of a view: only what differs from the default, so links stay short. */
export function queryFromView(ids: readonly number[], v: CompareView): LocationQueryRaw {
  const q: LocationQueryRaw = { ids: ids.join(',') }
  if (v.metric !== 'all') q.metric = v.metric
  if (!v.logY) q.scale = 'linear'
  if (v.xAxis !== 'epoch') q.x = v.xAxis
  if (v.smoothing > 0) q.smooth = String(Number(v.smoothing.toFixed(2)))
  if (v.groupBy !== 'run') q.group = v.groupBy
  if (v.split !== 'none') q.per = v.split
  return q
}

export function idsFromQuery(q: LocationQuery): number[] {
  return parseIds(q.ids)
}

/** Parts of the ids list that are not run ids at all ("?ids=3,x,5" → ["x"]), to name them. */
export function badIdTokens(q: LocationQuery): string[] {
  const raw = q.ids
  const text = Array.isArray(raw) ? raw.join(',') : typeof raw === 'string' ? raw : ''
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '' && !/^[1-9]\d*$/.test(s))
}
