import type { CliIo } from '../../../src-main/cli/io'

export interface Captured {
  code: number
  stdout: string
  stderr: string
}

/** Runs a command as a terminal user would, as a test sees it: its exit code and all it printed on each stream. */
export async function captured(
  command: (argv: string[], io: CliIo) => number | Promise<number>,
  argv: string[],
  tty?: CliIo['tty']
): Promise<Captured> {
  let stdout = ''
  let stderr = ''
  const code = await command(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), tty })
  return { code, stdout, stderr }
}
