// How a command's result reaches the rest of the window: the value on success, an
// `ApiFailure` (carrying the backend's `code` and per-field problems) otherwise. Views
// branch on `code`, never on message text.

import type { ApiError, ErrorCode, FieldError } from '../bindings/bindings';

export type { ApiError, ErrorCode, FieldError };

/** What every generated command resolves to (tauri-specta's `typedError` wrapper). */
export type Result<T, E> = { status: 'ok'; data: T } | { status: 'error'; error: E };

export class ApiFailure extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];

  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ApiFailure';
    this.code = error.code;
    this.fields = error.fields ?? [];
  }
}

const CODES: readonly ErrorCode[] = ['invalid', 'not_found', 'conflict', 'damaged', 'wrong_passphrase', 'io', 'internal'];

/** Turns whatever the bridge rejected with into an `ApiError`. */
function asApiError(e: unknown): ApiError {
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    const o = e as Partial<ApiError>;
    const code = CODES.includes(o.code as ErrorCode) ? (o.code as ErrorCode) : 'internal';
    return { code, message: String(o.message), fields: Array.isArray(o.fields) ? o.fields : [] };
  }
  const message = e instanceof Error ? e.message : typeof e === 'string' ? e : 'Unknown error';
  return { code: 'internal', message, fields: [] };
}

/** Awaits a generated command and returns its data, or throws an `ApiFailure`. */
export async function unwrap<T>(call: Promise<Result<T, ApiError>>): Promise<T> {
  let r: Result<T, ApiError>;
  try {
    r = await call;
  } catch (e) {
    throw new ApiFailure(asApiError(e));
  }
  if (r.status === 'ok') return r.data;
  throw new ApiFailure(asApiError(r.error));
}

/** A person-readable sentence for any error thrown by the api layer. */
export function describeError(e: unknown): string {
  if (e instanceof ApiFailure) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
