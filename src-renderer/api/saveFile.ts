import type { FilePayload } from '@shared/contract'
import { useApi } from './index'

/**
 * Save a file the main side produced. Desktop: the OS save dialog (main remembers the last folder).
 * Browser mode: a download. Resolves to where it went, or null if the user cancelled.
 */
export async function saveFile(file: FilePayload, doc: Document = document): Promise<string | null> {
  const api = useApi()
  if (api.transport === 'electron') return (await api.invoke('files.save', file)).path
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0))
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mime }))
  try {
    const a = doc.createElement('a')
    a.href = url
    a.download = file.fileName
    doc.body.appendChild(a)
    a.click()
    a.remove()
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }
  return file.fileName
}
