// How a command's result reaches the rest of the window: the value on success, an
// `ApiFailure` (carrying the backend's `code` and per-field problems) otherwise. Views
// branch on `code`, never on message text. Its message is in the window's language: the
// backend sends it in both, and what the user entered is worded field by field.

import type { ApiError, ErrorCode, FieldError } from '../bindings/bindings';
import { LL, fieldMessage, isZh } from '../lib/i18n.svelte';

export type { ApiError, ErrorCode, FieldError };

/** What every generated command resolves to (tauri-specta's `typedError` wrapper). */
export type Result<T, E> = { status: 'ok'; data: T } | { status: 'error'; error: E };

export class ApiFailure extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];

  constructor(error: ApiError) {
    super(messageOf(error));
    this.name = 'ApiFailure';
    this.code = error.code;
    this.fields = error.fields ?? [];
  }
}

/** The error's sentence in the window's language. */
function messageOf(e: ApiError): string {
  if (!isZh()) return e.message;
  if (e.code === 'invalid' && e.fields.length > 0)
    return e.fields.map((f) => `${f.field}${LL.common.colon()}${fieldMessage(f)}`).join(LL.common.semicolon());
  return e.message_zh || e.message;
}

const CODES: readonly ErrorCode[] = ['invalid', 'not_found', 'conflict', 'damaged', 'wrong_passphrase', 'io', 'internal'];

/** Turns whatever the bridge rejected with into an `ApiError`. */
function asApiError(e: unknown): ApiError {
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    const o = e as Partial<ApiError>;
    const code = CODES.includes(o.code as ErrorCode) ? (o.code as ErrorCode) : 'internal';
    const message = String(o.message);
    const message_zh = typeof o.message_zh === 'string' ? o.message_zh : message;
    return { code, message, message_zh, fields: Array.isArray(o.fields) ? o.fields : [] };
  }
  const message = e instanceof Error ? e.message : typeof e === 'string' ? e : 'Unknown error';
  return { code: 'internal', message, message_zh: message, fields: [] };
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

/** Whatever was thrown, as an `ApiFailure` (anything else is an internal one). */
export function asFailure(e: unknown): ApiFailure {
  return e instanceof ApiFailure ? e : new ApiFailure(asApiError(e));
}

/** A person-readable sentence for any error thrown by the api layer. */
export function describeError(e: unknown): string {
  if (e instanceof ApiFailure) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
