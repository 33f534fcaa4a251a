// One Vite project, one page per web app. Every page shares src/shared (shell, i18n, API);
// the diagram and form libraries are imported dynamically, so they land in chunks of their own
// that load only when a task's form or history is opened.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Every folder beside this file with an index.html is an app page (tasklist/, cockpit/, ...).
const root = fileURLToPath(new URL('.', import.meta.url));
const pages: Record<string, string> = { home: `${root}index.html` };
for (const dir of readdirSync(root, { withFileTypes: true })) {
  if (!dir.isDirectory() || ['node_modules', 'dist', 'src', 'public', 'scripts'].includes(dir.name)) continue;
  if (existsSync(`${root}${dir.name}/index.html`)) pages[dir.name] = `${root}${dir.name}/index.html`;
}

export default defineConfig({
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: pages,
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
