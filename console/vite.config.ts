/**
 * Vite build of the web console: `vite build --config console/vite.config.ts` writes
 * `dist/console/app/` (index.html and hashed files under `assets/`), which Vigie serves itself
 * (src/console/console.routes.ts). Nothing is inlined, so the strict CSP (`script-src 'self';
 * style-src 'self'`) holds: no inline scripts, no inline styles, no data: scripts.
 * (The folder is `dist/console/app`, not `dist/console`, because tsc writes the server's
 * `src/console/*.ts` to `dist/console/`, and Vite empties its output folder.)
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: here('public'),
  plugins: [react()],
  build: {
    outDir: here('../dist/console/app'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // Everything as files: no `data:` URLs for scripts or fonts, nothing inlined in index.html.
    assetsInlineLimit: 0,
    // The polyfill is for browsers without <link rel=modulepreload>; every browser the console
    // supports has it, and leaving it out keeps the entry chunk smaller.
    modulePreload: { polyfill: false },
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 400,
  },
});
