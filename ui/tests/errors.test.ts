import { afterEach, describe, expect, it } from 'vitest';
import { ApiFailure, unwrap, type ApiError } from '../src/api/result';
import { setLocale } from '../src/lib/i18n.svelte';

afterEach(() => setLocale('en'));

const full: ApiError = {
  code: 'io',
  message: 'the disk is full; nothing was saved. Free some space and try again.',
  message_zh: '磁盘已满；未保存任何内容。请释放空间后重试。',
  fields: [],
};

describe('an error from the backend', () => {
  it('is told in the window’s language: the backend sends both', async () => {
    const failed = (e: unknown) => unwrap(Promise.resolve({ status: 'error' as const, error: e as never }));
    await expect(failed(full)).rejects.toThrow(full.message);
    setLocale('zh-CN');
    await expect(failed(full)).rejects.toThrow(full.message_zh);
    expect(new ApiFailure(full).code).toBe('io');
    // A rejection without Chinese (e.g. the bridge's own) falls back to its English.
    await expect(unwrap(Promise.reject(new Error('IPC closed')))).rejects.toThrow('IPC closed');
  });

  it('words what was entered field by field in Chinese, from each field’s key', () => {
    const bad: ApiError = {
      code: 'invalid',
      message: 'due_on: is required',
      message_zh: 'due_on: is required',
      fields: [{ field: 'due_on', message: 'is required', problem: { key: 'required' } }],
    };
    setLocale('zh-CN');
    expect(new ApiFailure(bad).message).toBe('due_on：为必填项');
    setLocale('en');
    expect(new ApiFailure(bad).message).toBe('due_on: is required');
  });
});
