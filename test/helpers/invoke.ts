import type { Result } from '@shared/api'
import type { InvokeChannel, RequestOf, ResponseOf } from '@shared/contract'
import type { Router } from '../../src-main/ipc/router'

/**
 * Typed calls through a router as the renderer makes them: `call` gives the Result, `ok` the value
 * (a failure throws, naming the channel). `router` is read at each call: tests make a new one per test.
 */
export function invoker(router: () => Router) {
  const call = async <C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>> =>
    (await router().dispatch(channel, request)) as Result<ResponseOf<C>>
  const ok = async <C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> => {
    const r = await call(channel, request)
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`)
    return r.value
  }
  return { call, ok }
}
