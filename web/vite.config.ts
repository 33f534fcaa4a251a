// One Vite project, one page per web app. Every page shares src/shared (shell, i18n, API);
// the diagram and form libraries are imported dynamically, so they land in chunks of their own
// that load only when a task's form or history is opened.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: {
        home: fileURLToPath(new URL('index.html', import.meta.url)),
        tasklist: fileURLToPath(new URL('tasklist/index.html', import.meta.url)),
      },
    },
  },
  server: {
    // `npm run dev`: the API comes from a dpc running on 8080 (scripts/run.sh).
    proxy: {
      '/api': { target: 'http://localhost:8080', changeOrigin: false },
      '/engine-rest': { target: 'http://localhost:8080', changeOrigin: false },
    },
  },
});
