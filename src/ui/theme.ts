import { css } from 'lit'

/**
 * Colours and sizes as custom properties on the root element; they inherit through every shadow root, so
 * each element's styles only name them. Every text colour keeps at least 4.5:1 against its background.
 */
export const tokens = css`
  :host {
    --bg: #f5f6f8;
    --surface: #ffffff;
    --surface-2: #f0f2f5;
    --text: #1b1f24;
    --muted: #59636e;
    --border: #d0d7de;
    --accent: #0b5cad;
    --accent-strong: #0b5cad;
    --on-accent: #ffffff;
    --focus: #0b5cad;
    --danger: #b42318;
    --ok: #1a7f37;
    --queued-bg: #eaeef2; --queued-fg: #3d444d;
    --pinning-bg: #ddf0ff; --pinning-fg: #0a4a8f;
    --pinned-bg: #dcf7e3; --pinned-fg: #116329;
    --failed-bg: #ffebe9; --failed-fg: #a40e26;
    --radius: 8px;
    --mono: ui-monospace, 'SFMono-Regular', 'Cascadia Mono', Menlo, Consolas, monospace;
    color-scheme: light dark;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --bg: #0e1116;
      --surface: #161b22;
      --surface-2: #1f252e;
      --text: #e6edf3;
      --muted: #9da7b3;
      --border: #3a424d;
      --accent: #6cb0ff;
      --accent-strong: #1f62c4;
      --focus: #6cb0ff;
      --danger: #ff8a80;
      --ok: #56d364;
      --queued-bg: #2d333b; --queued-fg: #cdd5de;
      --pinning-bg: #0d2d52; --pinning-fg: #9ccbff;
      --pinned-bg: #0f3a1f; --pinned-fg: #7ee39a;
      --failed-bg: #4a1414; --failed-fg: #ffb1ab;
    }
  }
`

/** Controls, text and helpers every element shares. */
export const base = css`
  :host { font: inherit; color: var(--text); }
  * { box-sizing: border-box; }
  [hidden] { display: none !important; }
  h2, h3 { line-height: 1.25; margin: 0 0 .75rem; }
  h2 { font-size: 1.25rem; }
  h3 { font-size: 1.05rem; }
  p { margin: 0 0 .75rem; }
  a { color: var(--accent); }
  code, .mono { font-family: var(--mono); font-size: .875em; overflow-wrap: anywhere; }
  .muted { color: var(--muted); }
  .error { color: var(--danger); }
  .card {
    background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius);
    padding: 1rem; margin-bottom: 1rem;
  }
  button, .button {
    font: inherit; font-size: .9375rem; line-height: 1.2; cursor: pointer;
    display: inline-flex; align-items: center; justify-content: center; gap: .375rem;
    min-height: 2.25rem; padding: .375rem .875rem; border-radius: 6px;
    border: 1px solid var(--border); background: var(--surface); color: var(--text); text-decoration: none;
  }
  button:hover:not(:disabled) { background: var(--surface-2); }
  button.primary, .button.primary { background: var(--accent-strong); border-color: var(--accent-strong); color: var(--on-accent); }
  .button:hover { background: var(--surface-2); }
  button.primary:hover:not(:disabled), .button.primary:hover { background: var(--accent-strong); filter: brightness(1.1); }
  button.danger { color: var(--danger); border-color: currentColor; }
  button.danger.solid { background: var(--danger); border-color: var(--danger); color: #fff; }
  button.link { border: none; background: none; padding: 0; min-height: 0; color: var(--accent); text-decoration: underline; }
  button:disabled { cursor: default; opacity: .6; }
  input, select, textarea {
    font: inherit; font-size: .9375rem; color: var(--text); background: var(--surface);
    border: 1px solid var(--border); border-radius: 6px; padding: .4375rem .625rem; min-height: 2.25rem;
    width: 100%; min-width: 0;
  }
  textarea { resize: vertical; font-family: var(--mono); font-size: .875rem; }
  input[type=checkbox], input[type=radio] { width: 1.05rem; height: 1.05rem; min-height: 0; margin: 0; accent-color: var(--accent-strong); }
  input[aria-invalid=true], textarea[aria-invalid=true] { border-color: var(--danger); }
  :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
  input:focus-visible, select:focus-visible, textarea:focus-visible { outline-offset: 0; }
  label { font-weight: 600; font-size: .9375rem; }
  .field { display: grid; gap: .3125rem; margin-bottom: .875rem; align-content: start; }
  .hint { color: var(--muted); font-size: .875rem; font-weight: normal; }
  .field-error { color: var(--danger); font-size: .875rem; margin: 0; }
  .actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
  .visually-hidden {
    position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
    clip: rect(0 0 0 0); white-space: nowrap; border: 0;
  }
  .notice { padding: .75rem 1rem; border-radius: var(--radius); border: 1px solid var(--border); background: var(--surface-2); margin-bottom: 1rem; }
  .notice.error { border-color: var(--danger); background: var(--failed-bg); color: var(--failed-fg); }
  .notice.ok { border-color: var(--ok); background: var(--pinned-bg); color: var(--pinned-fg); }
  dl.pairs { display: grid; grid-template-columns: minmax(7rem, max-content) 1fr; gap: .375rem 1rem; margin: 0; }
  dl.pairs dt { color: var(--muted); font-size: .875rem; }
  dl.pairs dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
  @media (max-width: 34rem) {
    dl.pairs { grid-template-columns: 1fr; gap: .125rem; }
    dl.pairs dd { margin-bottom: .5rem; }
  }
`
