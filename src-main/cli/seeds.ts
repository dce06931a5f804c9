import { parseSeedList } from '@shared/seedList'
import { UsageError } from './args'

/** `--seeds` as a list (src-shared/seedList.ts), or a UsageError of one line naming the flag. */
export function parseSeeds(command: string, text: string): number[] {
  const r = parseSeedList(text)
  if ('error' in r) throw new UsageError(`${command}: --seeds ${r.error}, got "${text}" (e.g. 0-99 or 1,5,7)`)
  return r.seeds
}
