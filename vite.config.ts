import { msw } from 'msw/vite'
import { defineConfig } from 'vite'

export default defineConfig({
  // worker-only: msw serves mockServiceWorker.js in dev and emits it at the site root in builds.
  plugins: [msw({ mode: 'worker-only' })],
  // ES module workers can split: libp2p (a dynamic import in the engine) loads only when a pin needs it.
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // msw's browser runtime alone is ~400 kB; the size that matters is measured by the benchmarks.
    chunkSizeWarningLimit: 1024
  },
  preview: {
    host: '127.0.0.1',
    port: 5180,
    strictPort: true
  },
  server: {
    host: '127.0.0.1',
    port: 5180,
    strictPort: true
  }
})
