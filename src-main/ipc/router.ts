import {
  INVOKE_CHANNELS,
  invokeChannels,
  isInvokeChannel,
  type InvokeChannel,
  type ParsedRequestOf,
  type ResponseOf
} from '@shared/contract'
import { ApiError, type ApiErrorData, type Result } from '@shared/api'
import { describeIssues } from '@shared/validate'

export type Handler<C extends InvokeChannel> = (request: ParsedRequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>

/**
 * The one entry point of every transport. It refuses unknown channels, validates each payload
 * against the contract before any handler sees it, and turns every failure into a typed error.
 */
export class Router {
  private readonly handlers = new Map<InvokeChannel, Handler<InvokeChannel>>()

  /** `checkResponses` validates what handlers return too: on in tests, off in production. */
  constructor(private readonly options: { checkResponses?: boolean; log?: (msg: string) => void } = {}) {}

  handle<C extends InvokeChannel>(channel: C, handler: Handler<C>): void {
    if (this.handlers.has(channel)) throw new Error(`channel ${channel} is registered twice`)
    this.handlers.set(channel, handler)
  }

  /** Channels of the contract nobody registered; start-up refuses to go on with any. */
  missing(): InvokeChannel[] {
    return INVOKE_CHANNELS.filter((c) => !this.handlers.has(c))
  }

  assertComplete(): void {
    const missing = this.missing()
    if (missing.length) throw new Error(`no handler for: ${missing.join(', ')}`)
  }

  async dispatch(channel: unknown, payload: unknown): Promise<Result<unknown>> {
    if (!isInvokeChannel(channel)) {
      return fail({ code: 'invalid', message: `Unknown channel: ${String(channel).slice(0, 100)}` })
    }
    const handler = this.handlers.get(channel)
    if (!handler) return fail({ code: 'unavailable', message: `Channel ${channel} is not available here` })
    const parsed = invokeChannels[channel].request.safeParse(payload)
    if (!parsed.success) return fail(describeIssues(parsed.error.issues, `${channel} request`))
    try {
      const value = await handler(parsed.data)
      if (this.options.checkResponses) {
        const out = invokeChannels[channel].response.safeParse(value)
        if (!out.success) return fail({ ...describeIssues(out.error.issues, `${channel} response`), code: 'internal' })
      }
      return { ok: true, value }
    } catch (err) {
      return fail(toErrorData(err, this.options.log))
    }
  }
}

function fail(error: ApiErrorData): Result<never> {
  return { ok: false, error }
}

export function toErrorData(err: unknown, log?: (msg: string) => void): ApiErrorData {
  if (err instanceof ApiError) return err.toJSON()
  const message = err instanceof Error ? err.message : String(err)
  const code = (err as { code?: unknown })?.code
  if (typeof code === 'string' && code.startsWith('SQLITE')) return { code: 'database', message }
  log?.(err instanceof Error && err.stack ? err.stack : message)
  return { code: 'internal', message }
}
