/**
 * The dashboard's build: src/web → dist/web, served by `panorama serve` at `/`. `npm run dev:web`
 * proxies the API to a local `panorama serve` on its default port. The build prints the
 * JavaScript's total gzipped size: the budget is 400 kB.
 */
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const JS_BUDGET_BYTES = 400 * 1024;

/** Sums the gzipped size of every emitted JavaScript chunk and fails the build over budget. */
function reportJsSize(): Plugin {
  return {
    name: 'panorama-js-size',
    apply: 'build',
    generateBundle(_options, bundle) {
      let gzipped = 0;
      for (const file of Object.values(bundle)) {
        if (file.type === 'chunk') gzipped += gzipSync(file.code).length;
      }
      const kb = (gzipped / 1024).toFixed(1);
      console.log(`dashboard JavaScript: ${kb} kB gzipped (budget ${JS_BUDGET_BYTES / 1024} kB)`);
      if (gzipped > JS_BUDGET_BYTES) this.error(`dashboard JavaScript is ${kb} kB gzipped, over the 400 kB budget`);
    },
  };
}

export default defineConfig({
  root: 'src/web',
  base: '/',
  plugins: [react(), reportJsSize()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:4317', '/login': 'http://127.0.0.1:4317' },
  },
});
