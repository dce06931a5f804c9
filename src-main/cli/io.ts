/** Where a command writes; the same shape as the export command's. */
export interface CliIo {
  stdout: (s: string) => void
  stderr: (s: string) => void
}
