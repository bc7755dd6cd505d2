/**
 * msw's cookie store needs `localStorage` when its code loads in a browser, and service workers have none: msw's
 * modules would throw before the first request. The API sets no cookies, so an in-memory store is all it needs.
 * Imported before anything that loads msw.
 */
if (!('localStorage' in globalThis)) {
  const items = new Map<string, string>()
  const storage = {
    get length () {
      return items.size
    },
    key: (index: number) => [...items.keys()][index] ?? null,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => {
      items.set(key, String(value))
    },
    removeItem: (key: string) => {
      items.delete(key)
    },
    clear: () => {
      items.clear()
    }
  }
  Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true })
}

export {}
