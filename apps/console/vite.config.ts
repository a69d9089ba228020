// Vite builds the console into dist/, served by the management server (/) or `vigil web`.
// `npm run dev -w apps/console` proxies /api to VIGIL_API (default https://127.0.0.1:5724).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
const api = env.VIGIL_API ?? 'https://127.0.0.1:5724';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1024 },
  server: { port: 5173, proxy: { '/api': { target: api, secure: false, changeOrigin: true } } },
});
