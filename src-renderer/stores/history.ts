import { defineStore } from 'pinia'
import { reactive, ref, shallowRef } from 'vue'
import type { HistoryQuery, RunRow, RunStatus } from '@shared/domain'
import { useApi } from '../api'
import { readableError, type ReadableError } from '../lib/errors'
import { useNotifications } from './notifications'

export type SortColumn = HistoryQuery['sort']
export interface HistoryFilters {
  model: string
  status: RunStatus | ''
  preset: string
  tag: string
  text: string
}

/**
 * The history table. Filtering, sorting and paging all happen in the store's SQL (runs.list), so
 * the page holds at most `limit` rows whatever the database size.
 */
export const useHistory = defineStore('history', () => {
  const filters = reactive<HistoryFilters>({ model: '', status: '', preset: '', tag: '', text: '' })
  const sort = ref<SortColumn>('id')
  const dir = ref<'asc' | 'desc'>('desc')
  const offset = ref(0)
  const limit = ref(100)
  const rows = shallowRef<RunRow[]>([])
  const total = ref(0)
  const loading = ref(false)
  const error = ref<ReadableError | null>(null)
  const selected = ref(new Set<number>())
  const facets = shallowRef<{ models: string[]; presets: string[]; tags: string[] }>({ models: [], presets: [], tags: [] })
  let requestNo = 0

  function query(): HistoryQuery {
    const q: HistoryQuery = { sort: sort.value, dir: dir.value, offset: offset.value, limit: limit.value }
    if (filters.model) q.model = filters.model
    if (filters.status) q.status = filters.status
    if (filters.preset) q.preset = filters.preset
    if (filters.tag) q.tag = filters.tag
    if (filters.text.trim()) q.text = filters.text.trim()
    return q
  }

  async function load(): Promise<void> {
    // Only the newest request may write the page: typing fast must not show an older result last.
    const mine = ++requestNo
    loading.value = true
    try {
      const page = await useApi().invoke('runs.list', query())
      if (mine !== requestNo) return
      rows.value = page.rows
      total.value = page.total
      error.value = null
      // a deletion can leave us past the last page
      if (page.rows.length === 0 && offset.value > 0 && page.total > 0) {
        offset.value = Math.max(0, Math.floor((page.total - 1) / limit.value) * limit.value)
        return load()
      }
    } catch (err) {
      if (mine === requestNo) error.value = readableError(err)
    } finally {
      if (mine === requestNo) loading.value = false
    }
  }

  async function loadFacets(): Promise<void> {
    try {
      facets.value = await useApi().invoke('runs.facets', {})
    } catch (err) {
      useNotifications().error(err, 'Loading filter choices')
    }
  }

  function setFilters(patch: Partial<HistoryFilters>): Promise<void> {
    Object.assign(filters, patch)
    offset.value = 0
    return load()
  }

  /** Clicking a column sorts by it; clicking it again flips the direction. */
  function sortBy(column: SortColumn): Promise<void> {
    if (sort.value === column) dir.value = dir.value === 'asc' ? 'desc' : 'asc'
    else {
      sort.value = column
      dir.value = column === 'id' || column === 'createdAt' ? 'desc' : 'asc'
    }
    offset.value = 0
    return load()
  }

  function goTo(newOffset: number): Promise<void> {
    offset.value = Math.max(0, Math.min(newOffset, Math.max(0, total.value - 1)))
    offset.value -= offset.value % limit.value
    return load()
  }

  function toggle(id: number, on: boolean): void {
    const next = new Set(selected.value)
    if (on) next.add(id)
    else next.delete(id)
    selected.value = next
  }

  function clearSelection(): void {
    selected.value = new Set()
  }

  async function update(id: number, patch: { tags?: string[]; notes?: string }): Promise<boolean> {
    try {
      const row = await useApi().invoke('runs.update', { id, ...patch })
      rows.value = rows.value.map((r) => (r.id === id ? row : r))
      if (patch.tags) void loadFacets()
      return true
    } catch (err) {
      useNotifications().error(err, `Saving run ${id}`)
      return false
    }
  }

  async function remove(ids: number[]): Promise<number> {
    try {
      const { deleted } = await useApi().invoke('runs.delete', { ids })
      const gone = new Set(ids)
      selected.value = new Set([...selected.value].filter((id) => !gone.has(id)))
      await Promise.all([load(), loadFacets()])
      return deleted
    } catch (err) {
      useNotifications().error(err, 'Deleting runs')
      return 0
    }
  }

  return {
    filters,
    sort,
    dir,
    offset,
    limit,
    rows,
    total,
    loading,
    error,
    selected,
    facets,
    load,
    loadFacets,
    setFilters,
    sortBy,
    goTo,
    toggle,
    clearSelection,
    update,
    remove
  }
})
