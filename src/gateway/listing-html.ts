import { formatBytes } from '../format-bytes.ts'
import type { UnixFSDirectoryEntry } from 'ipfs-unixfs-exporter'

/** Text made safe to place in HTML: names in listings come from whoever made the DAG. */
export function escapeHtml (text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

const STYLE =
  `body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1b1f24;background:#fff}
@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0e1116}a{color:#7cb7ff}}
h1{font-size:1.1rem;word-break:break-all}table{border-collapse:collapse;width:100%}td,th{padding:.35rem .5rem;text-align:left;border-bottom:1px solid #8884}
td.size{text-align:right;white-space:nowrap}td.cid{font:12px ui-monospace,monospace;word-break:break-all;opacity:.8}
.actions{margin:.5rem 0 1rem;display:flex;gap:1rem;flex-wrap:wrap}`

/**
 * A folder's listing: each entry's name (as text), the size of its DAG as its parent records it (no child is
 * read, so a folder of 10,000 entries lists as fast as one of ten), and its CID.
 */
export function listingHtml (
  basePath: string,
  title: string,
  parentHref: string | undefined,
  carHref: string,
  entries: UnixFSDirectoryEntry[]
): string {
  const rows = entries.map((entry) => {
    const href = encodeURIComponent(entry.name)
    return `<tr><td><a href="${href}">${escapeHtml(entry.name)}</a></td><td class="size">${
      formatBytes(Number(entry.size))
    }</td><td class="cid"><a href="${
      escapeHtml(`${basePath}/${entry.cid.toString()}`)
    }">${entry.cid.toString()}</a></td></tr>`
  }).join('\n')
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>
<h1>Index of ${escapeHtml(title)}</h1>
<p class="actions">${parentHref === undefined ? '' : `<a href="${escapeHtml(parentHref)}">Up one folder</a>`}<a href="${
    escapeHtml(carHref)
  }" download>Download this folder as a CAR file</a><span>${entries.length} ${
    entries.length === 1 ? 'entry' : 'entries'
  }</span></p>
<table><thead><tr><th>Name</th><th>Size (DAG)</th><th>CID</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`
}

/** A DAG-CBOR/DAG-JSON node shown to a person: its DAG-JSON text, and links to the node in each encoding. */
export function objectHtml (
  title: string,
  dagJsonText: string,
  downloads: Array<{ label: string, href: string }>
): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${
    escapeHtml(title)
  }</title><style>${STYLE}pre{white-space:pre-wrap;word-break:break-all;background:#8881;padding:1rem;border-radius:.5rem}</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p class="actions">${
    downloads.map((link) => `<a href="${escapeHtml(link.href)}" download>${escapeHtml(link.label)}</a>`).join('')
  }</p>
<pre>${escapeHtml(dagJsonText)}</pre></body></html>`
}
