import type { EventChannel, EventOf, InvokeChannel, RequestOf, ResponseOf } from './contract'

export const ERROR_CODES = ['invalid', 'not_found', 'conflict', 'database', 'unavailable', 'internal'] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

/** The error every transport returns; `field` names the first offending field of an invalid payload. */
export interface ApiErrorData {
  code: ErrorCode
  message: string
  field?: string
  issues?: { path: string; message: string }[]
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiErrorData }

export class ApiError extends Error implements ApiErrorData {
  readonly code: ErrorCode
  readonly field?: string
  readonly issues?: { path: string; message: string }[]
  constructor(data: ApiErrorData) {
    super(data.message)
    this.name = 'ApiError'
    this.code = data.code
    this.field = data.field
    this.issues = data.issues
  }
  toJSON(): ApiErrorData {
    return { code: this.code, message: this.message, field: this.field, issues: this.issues }
  }

  /** The one way to say ids are unknown: "Run 7 does not exist", "Runs 7, 9 do not exist". */
  static notFound(this: void, what: 'Run' | 'Experiment', ids: number | readonly number[], field?: string): ApiError {
    const list = typeof ids === 'number' ? [ids] : ids
    const named = `${list.slice(0, 10).join(', ')}${list.length > 10 ? '…' : ''}`
    const message = list.length === 1 ? `${what} ${named} does not exist` : `${what}s ${named} do not exist`
    return new ApiError({ code: 'not_found', message, field })
  }
}

/** What the preload bridge exposes as `window.api` (and the WebSocket adapter mirrors). */
export interface RawBridge {
  invoke(channel: InvokeChannel, payload: unknown): Promise<Result<unknown>>
  on(channel: EventChannel, listener: (payload: unknown) => void): () => void
  /** Browser mode only: the socket to the server closed (the desktop window lives as long as main). */
  onDisconnect?(listener: (message: string) => void): () => void
  readonly transport: 'electron' | 'browser'
}

/** The typed client the renderer uses; one implementation over any RawBridge. */
export interface LabApi {
  readonly transport: 'electron' | 'browser'
  invoke<C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>
  on<E extends EventChannel>(channel: E, listener: (payload: EventOf<E>) => void): () => void
  /** Called once if the connection to the main side is lost, with a sentence saying what to do. */
  onDisconnect(listener: (message: string) => void): () => void
}

export function typedApi(bridge: RawBridge): LabApi {
  return {
    transport: bridge.transport,
    async invoke(channel, request) {
      const result = await bridge.invoke(channel, request)
      if (!result.ok) throw new ApiError(result.error)
      return result.value as never
    },
    on(channel, listener) {
      return bridge.on(channel, listener as (p: unknown) => void)
    },
    onDisconnect(listener) {
      return bridge.onDisconnect?.(listener) ?? (() => {})
    }
  }
}
