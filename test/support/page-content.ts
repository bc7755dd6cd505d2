import type { Page } from 'playwright-core'

export interface ImportedInPage {
  cid: string
  /** Each imported file and folder, by its path, with its CID. */
  entries: Record<string, string>
}

/**
 * Imports files into the page's node the way a person's import does (no network), from bytes made in Node, and
 * waits until the pin is pinned. Paths with a slash, or several files, are wrapped in a folder.
 */
export async function importInPage (page: Page, files: Record<string, Uint8Array | string>): Promise<ImportedInPage> {
  const encoded = Object.entries(files).map(([path, content]) => ({
    path,
    base64: Buffer.from(typeof content === 'string' ? new TextEncoder().encode(content) : content).toString('base64')
  }))
  return page.evaluate(async (encoded) => {
    const service = window.pinningService!
    const imported = await service.imports.importFiles(
      encoded.map(({ path, base64 }) => ({
        path,
        file: new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))])
      }))
    )
    for (let tries = 0; (await service.pins.get(imported.pins[0]!.requestid)).status !== 'pinned'; tries++) {
      if (tries > 300) throw new Error(`import ${imported.cid} was not pinned in 30 s`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    return { cid: imported.cid, entries: Object.fromEntries(imported.entries.map((entry) => [entry.path, entry.cid])) }
  }, encoded)
}

export interface FetchedBytes {
  status: number
  headers: Record<string, string>
  /** The body, base64 (binary-safe across the Playwright bridge). */
  base64: string
}

/** A fetch from inside the page (through the service worker), with the body kept as bytes. */
export async function fetchBytes (
  page: Page,
  path: string,
  init: { method?: string, headers?: Record<string, string> } = {}
): Promise<FetchedBytes & { bytes: Uint8Array }> {
  const fetched = await page.evaluate(async ({ path, init }) => {
    const response = await fetch(path, init)
    const buffer = new Uint8Array(await response.arrayBuffer())
    let binary = ''
    for (let i = 0; i < buffer.length; i += 0x8000) binary += String.fromCharCode(...buffer.subarray(i, i + 0x8000))
    return { status: response.status, headers: Object.fromEntries(response.headers), base64: btoa(binary) }
  }, { path, init })
  return { ...fetched, bytes: new Uint8Array(Buffer.from(fetched.base64, 'base64')) }
}
