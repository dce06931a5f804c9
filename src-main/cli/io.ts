/** Where a command writes; the same shape as the export command's. */
export interface CliIo {
  stdout: (s: string) => void
  stderr: (s: string) => void
  /** whether each stream is a terminal (absent: neither, as in tests and pipes) */
  tty?: { stdout: boolean; stderr: boolean }
}
