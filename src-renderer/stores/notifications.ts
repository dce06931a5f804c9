import { defineStore } from 'pinia'
import { ref } from 'vue'
import { readableError } from '../lib/errors'

export type NoticeKind = 'error' | 'info'
export interface Notice {
  id: number
  kind: NoticeKind
  title: string
  message: string
}

const MAX_NOTICES = 5
const INFO_MS = 8000

/** Messages for the banner: main-side errors, failed runs, lost connections. Never only the console. */
export const useNotifications = defineStore('notifications', () => {
  const notices = ref<Notice[]>([])
  let nextId = 1

  function push(kind: NoticeKind, title: string, message: string): Notice {
    // the same message twice in a row (e.g. a retry) is one notice, not a growing stack
    const last = notices.value[notices.value.length - 1]
    if (last && last.kind === kind && last.title === title && last.message === message) return last
    const notice = { id: nextId++, kind, title, message }
    notices.value = [...notices.value, notice].slice(-MAX_NOTICES)
    // confirmations fade; errors stay until the user has read and dismissed them
    if (kind === 'info') setTimeout(() => dismiss(notice.id), INFO_MS)
    return notice
  }

  /** Report a failure; `context` says what the user was doing ("Loading run 12"). */
  function error(err: unknown, context?: string): Notice {
    const r = readableError(err)
    return push('error', context ? `${context}: ${r.title}` : r.title, r.message)
  }

  function info(title: string, message = ''): Notice {
    return push('info', title, message)
  }

  function dismiss(id: number): void {
    notices.value = notices.value.filter((n) => n.id !== id)
  }

  function clear(): void {
    notices.value = []
  }

  return { notices, push, error, info, dismiss, clear }
})
