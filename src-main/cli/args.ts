import { parseArgs } from 'node:util'

/** A mistake in the command line: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** node:util's parseArgs, strict, with its errors turned into one short UsageError line. */
type Options = Record<string, { type: 'string' | 'boolean'; short?: string }>
type Values<O extends Options> = { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string }

/**
 * `--epochs -3` is, to parseArgs, a flag missing its value followed by an unknown flag ("argument
 * is ambiguous"); a value that reads as a negative number is joined to its flag, so the flag's own
 * check can say what it must be.
 */
function joinNegativeValues(argv: string[], options: Options): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const flag = /^--([^=]+)$/.exec(argv[i])?.[1]
    const next = argv[i + 1]
    if (flag && options[flag]?.type === 'string' && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      out.push(`${argv[i]}=${next}`)
      i++
    } else out.push(argv[i])
  }
  return out
}

export function parseFlags<O extends Options>(command: string, argv: string[], options: O): Values<O> {
  try {
    return parseArgs({ args: joinNegativeValues(argv, options), options, strict: true, allowPositionals: false }).values
  } catch (err) {
    const m = err instanceof Error ? err.message : String(err)
    const flag = /'([^']+)'/.exec(m)?.[1]
    const code = (err as { code?: string }).code
    const known = Object.keys(options)
      .map((o) => `--${o}`)
      .join(', ')
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) throw new UsageError(`${command}: unknown option ${flag} (options: ${known})`)
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && flag) throw new UsageError(`${command}: unexpected argument "${flag}"`)
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`${command}: ${m.split('.')[0]}`)
    throw new UsageError(`${command}: ${m.split('\n')[0]}`)
  }
}

/** A whole number within [min, max] from a flag's text. */
export function integerFlag(command: string, flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined
  const n = Number(text)
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    const what = min === 1 ? `a positive whole number (at most ${max})` : `a whole number from ${min} to ${max}`
    throw new UsageError(`${command}: --${flag} must be ${what}, got "${text}"`)
  }
  return n
}
