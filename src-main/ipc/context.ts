import type { AppInfo } from '@shared/contract'
import type { LabStore } from '../store/types'
import type { JobQueue } from '../jobs/types'
import type { EventHub } from './events'
import type { Router } from './router'

/** What feature modules' setupX() functions get: the services, never a transport. */
export interface LabContext {
  router: Router
  events: EventHub
  store: LabStore
  jobs: JobQueue
  info: AppInfo
  /** Desktop: the OS save dialog; where the file went, or null if cancelled. Absent in browser mode and the CLI. */
  saveFile?: (file: { fileName: string; mime: string; bytes: Uint8Array }) => Promise<string | null>
}
