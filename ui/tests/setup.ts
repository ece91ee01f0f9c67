import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';

afterEach(() => {
  // Unmount first (its teardown unlistens through the mocked IPC), then drop the mocks.
  cleanup();
  clearMocks();
  delete (window as unknown as { __xss?: unknown }).__xss;
});
