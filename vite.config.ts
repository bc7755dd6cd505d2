import { defineConfig } from 'vite'
import { serviceWorkerPlugin } from './scripts/service-worker-build/plugin.ts'

export default defineConfig({
  // The service worker that answers the API: built from src/sw/service-worker.ts into /pinning-service-worker.js.
  plugins: [serviceWorkerPlugin()],
  // ES module workers can split: libp2p (a dynamic import in the engine) loads only when a pin needs it.
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    rolldownOptions: {
      // src/index.ts re-exports the API's checks for the UI. The bundler keeps a re-exported module on the path
      // of every importer of index.ts (the page's first load) unless it has no side effects, which src/api/'s
      // modules (declarations only) do not: so the UI's checks (and multiaddr) load with the UI, not before.
      treeshake: { moduleSideEffects: (id: string) => !id.includes('/src/api/') }
    }
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
