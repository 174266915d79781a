// Not in the article: builds the page into dist/ with relative asset paths, so it works from any
// folder of Parley's --web-root (the test serves it at /002/).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  base: './',
  logLevel: 'warn',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 4096 },
});
