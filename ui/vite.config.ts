import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

// The window is served by Tauri from ui/dist in the shipped app and from this dev server
// (port 5173, see src-tauri/tauri.conf.json) while developing. The page must run under
// the app's CSP (script-src 'self', style-src 'self'): Vite emits one external script and
// one external style sheet, and nothing here may turn CSS into inline <style> tags.
export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebKitGTK 2.4x and WebView2 both run ES2022.
    target: 'es2022',
    // Never inline assets as data: URLs into CSS or scripts.
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    modulePreload: { polyfill: false },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./tests/setup.ts'],
    include: ['tests/**/*.test.ts'],
    restoreMocks: true,
  },
});
