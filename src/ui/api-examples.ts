import { LitElement, css, html } from 'lit'
import { base } from './theme.ts'
import './copy-button.ts'

const PLACEHOLDER = 'YOUR_TOKEN'

/** The endpoint and two ready-to-paste examples, with the token just created when there is one. */
export class ApiExamples extends LitElement {
  static override properties = {
    endpoint: {},
    token: {}
  }

  declare endpoint: string
  declare token: string | undefined

  constructor () {
    super()
    this.endpoint = ''
  }

  static override styles = [
    base,
    css`
    :host { display: block; }
    .snippet { position: relative; margin: 0 0 1rem; }
    .snippet copy-button { position: absolute; top: .5rem; right: .5rem; }
    pre {
      margin: 0; padding: .875rem 1rem; padding-right: 5rem; overflow-x: auto; border-radius: var(--radius);
      background: var(--surface-2); border: 1px solid var(--border); font-family: var(--mono); font-size: .8125rem; line-height: 1.5;
    }
    .endpoint { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin-bottom: 1rem; }
    /* Long lines scroll inside the example (which takes keyboard focus for it), never the page. */
    pre:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
  `
  ]

  override render () {
    const token = this.token ?? PLACEHOLDER
    const endpoint = this.endpoint
    const fetchExample = `const response = await fetch('${endpoint}/pins', {
  method: 'POST',
  headers: { Authorization: 'Bearer ${token}', 'Content-Type': 'application/json' },
  body: JSON.stringify({ cid: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy', name: 'hello' })
})
console.log(response.status, await response.json())`
    const clientExample =
      `import { Configuration, RemotePinningServiceClient } from '@ipfs-shipyard/pinning-service-client'

const client = new RemotePinningServiceClient(new Configuration({
  endpointUrl: '${endpoint}',
  accessToken: '${token}'
}))
const { count, results } = await client.pinsGet({ status: ['queued', 'pinning', 'pinned', 'failed'] })`
    return html`
      <div class="endpoint"><strong>Endpoint</strong> <code>${endpoint}</code><copy-button .value=${endpoint} label="Copy endpoint"></copy-button></div>
      <p class="muted">The API is answered inside this page: call it from code running here, or from another tab of this site while this page is open.
        ${
      this.token === undefined
        ? html`Replace <code>${PLACEHOLDER}</code> with a token.`
        : 'The examples use the token you just created.'
    }</p>
      <h3>With <code>fetch</code></h3>
      <div class="snippet"><pre tabindex="0" role="region" aria-label="The fetch example"><code>${fetchExample}</code></pre><copy-button .value=${fetchExample} label="Copy the fetch example"></copy-button></div>
      <h3>With the JS client <code>@ipfs-shipyard/pinning-service-client</code></h3>
      <div class="snippet"><pre tabindex="0" role="region" aria-label="The client example"><code>${clientExample}</code></pre><copy-button .value=${clientExample} label="Copy the client example"></copy-button></div>
    `
  }
}

customElements.define('api-examples', ApiExamples)

declare global {
  interface HTMLElementTagNameMap {
    'api-examples': ApiExamples
  }
}
