import { ApiError, ERROR_CODES, type ErrorCode } from '@shared/api'

/** A failure as the user reads it: a short title from the error kind and the main side's sentence. */
export interface ReadableError {
  title: string
  message: string
  code: ErrorCode | 'client'
  field?: string
}

const TITLES: Record<ErrorCode | 'client', string> = {
  invalid: 'Invalid input',
  not_found: 'Not found',
  conflict: 'Conflict',
  database: 'Database error',
  unavailable: 'Not available',
  internal: 'Internal error',
  client: 'Something went wrong'
}

function isApiErrorLike(e: unknown): e is { code: ErrorCode; message: string; field?: string } {
  if (typeof e !== 'object' || e === null) return false
  const { code, message } = e as { code?: unknown; message?: unknown }
  return typeof message === 'string' && typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code)
}

export function readableError(err: unknown): ReadableError {
  if (err instanceof ApiError || isApiErrorLike(err)) {
    return { title: TITLES[err.code], message: err.message || TITLES[err.code], code: err.code, field: err.field }
  }
  if (err instanceof Error) return { title: TITLES.client, message: err.message || err.name, code: 'client' }
  return { title: TITLES.client, message: String(err), code: 'client' }
}
