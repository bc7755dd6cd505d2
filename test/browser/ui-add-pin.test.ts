import { afterEach, expect, test } from 'vitest'
import { randomCid } from '../support/cids.ts'
import { openUi, openView, seedPins } from '../support/ui-page.ts'
import type { UiSession } from '../support/ui-page.ts'

const PEER = '12D3KooWPAQzJxB61eyeDyuXWv2HiNRdomjcaVWQxjkXG6Uthvrh'

let ui: UiSession | undefined
afterEach(async () => {
  await ui?.browser.dispose()
  ui = undefined
})

const countPins = async (ui: UiSession) =>
  ui.page.evaluate(async () =>
    (await window.pinningService!.pins.list({ statuses: ['queued', 'pinning', 'pinned', 'failed'], limit: 1 })).count
  )

test('add a pin by CID: every field is checked as it is typed, with the API\'s words; then the pin is listed', async () => {
  ui = await openUi()
  const { page } = ui
  await openView(page, 'Add')
  const form = page.locator('pin-form')
  const cid = form.getByLabel('CID or link', { exact: true })
  const error = (field: string) => form.locator(`#${field}-error`)

  // Nothing is shown before typing; the API's own message once something wrong is typed.
  await expect.poll(async () => error('cid').isHidden()).toBe(true)
  await cid.fill('bafy-not-a-cid')
  await expect.poll(async () => error('cid').textContent()).toBe(
    '“bafy-not-a-cid” looks like a CID but is not a valid one: it may be cut short or mistyped. Copy it again from where you found it.'
  )
  expect(await cid.getAttribute('aria-invalid')).toBe('true')

  await form.getByLabel('Name', { exact: true }).fill('n'.repeat(256))
  await expect.poll(async () => error('name').textContent()).toBe(
    'The name is 256 characters long; at most 255 are allowed'
  )
  await form.getByLabel('Name', { exact: true }).fill('quarterly report.pdf')
  await expect.poll(async () => error('name').isHidden()).toBe(true)

  await form.getByText('Origins and meta (optional)').click()
  await form.getByLabel('Origins', { exact: true }).fill(`/ip4/127.0.0.1/tcp/4001/p2p/${PEER}\nhttp://example.com`)
  await expect.poll(async () => error('origins').textContent()).toMatch(
    /^Origin 2 "http:\/\/example.com" is not a valid multiaddr/
  )

  await form.getByRole('button', { name: '+ Add a meta key' }).click()
  await form.getByLabel('Meta key 1').fill('team')
  await form.getByLabel('Meta value 1').fill('finance')
  await form.getByRole('button', { name: '+ Add a meta key' }).click()
  await form.getByLabel('Meta key 2').fill('team')
  await expect.poll(async () => error('meta').textContent()).toBe(
    'The meta key "team" is given twice; keys must be unique.'
  )

  // Submitting while anything is wrong creates nothing and moves focus to the first bad field.
  const before = await countPins(ui)
  await form.getByRole('button', { name: 'Pin it' }).click()
  await expect.poll(async () => cid.evaluate((input) => input === (input.getRootNode() as ShadowRoot).activeElement))
    .toBe(true)
  expect(await countPins(ui)).toBe(before)

  // Mend every field: the errors go, and the pin is made.
  const good = await randomCid()
  await cid.fill(`  ${good} `) // pasted with spaces: trimmed
  await form.getByLabel('Origins', { exact: true }).fill(`/ip4/127.0.0.1/tcp/4001/p2p/${PEER}`)
  await form.getByLabel('Meta key 2').fill('year')
  await form.getByLabel('Meta value 2').fill('2024')
  for (const field of ['cid', 'name', 'origins', 'meta']) {
    await expect.poll(async () => error(field).isHidden()).toBe(true)
  }
  await form.getByRole('button', { name: 'Pin it' }).click()
  await page.getByRole('status').filter({ hasText: 'Pin requested for' }).waitFor()
  expect(await cid.inputValue()).toBe('')

  const stored = await page.evaluate(
    async (cid) =>
      (await window.pinningService!.pins.list({
        statuses: ['queued', 'pinning', 'pinned', 'failed'],
        cidKeys: [cid],
        limit: 10
      })).results,
    good
  )
  expect(stored).toHaveLength(1)
  expect(stored[0]!.pin).toEqual({
    cid: good,
    name: 'quarterly report.pdf',
    origins: [`/ip4/127.0.0.1/tcp/4001/p2p/${PEER}`],
    meta: { team: 'finance', year: '2024' }
  })

  // The confirmation links to the pin's details, which show what was sent.
  await page.getByRole('link', { name: 'See its progress' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('heading', { name: 'quarterly report.pdf' }).waitFor()
  await expect.poll(async () => dialog.textContent()).toContain(good)
  expect(await dialog.textContent()).toContain('finance')
  expect(ui.errors).toEqual([])
})

test('a name that looks like markup is shown as text, and nothing runs', async () => {
  ui = await openUi()
  const { page } = ui
  const name = '<img src=x onerror=alert(1)>'
  await openView(page, 'Add')
  const form = page.locator('pin-form')
  await form.getByLabel('CID or link', { exact: true }).fill(await randomCid())
  await form.getByLabel('Name', { exact: true }).fill(name)
  await form.getByText('Origins and meta (optional)').click()
  await form.getByRole('button', { name: '+ Add a meta key' }).click()
  await form.getByLabel('Meta key 1').fill('<b>key</b>')
  await form.getByLabel('Meta value 1').fill('<script>alert(2)</script>')
  await form.getByRole('button', { name: 'Pin it' }).click()
  await openView(page, 'Pins')

  const link = page.locator('pin-table').getByRole('link', { name, exact: true })
  await link.waitFor()
  expect(await link.textContent()).toBe(name)
  await link.click()
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('heading', { name, exact: true }).waitFor()
  expect(await dialog.textContent()).toContain('<script>alert(2)</script>')

  // No element was made from the text, in any shadow root, and no dialog opened.
  const injected = await page.evaluate(() => {
    const found: string[] = []
    const walk = (root: Document | ShadowRoot) => {
      for (const element of root.querySelectorAll('*')) {
        if (['IMG', 'SCRIPT', 'B'].includes(element.tagName) && !element.closest('head')) found.push(element.outerHTML)
        if (element.shadowRoot !== null) walk(element.shadowRoot)
      }
    }
    walk(document)
    return found
  })
  expect(injected).toEqual([])
  await page.waitForTimeout(300)
  expect(ui.dialogs).toEqual([])
})

test('keyboard only: the Add tab, the CID and name fields, Enter to submit', async () => {
  ui = await openUi()
  const { page } = ui
  const cid = await randomCid()
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Add' }).focus()
  await page.keyboard.press('Enter')
  await page.getByRole('heading', { level: 2, name: 'Pin a CID' }).waitFor()
  // Focus moved to the view: the next Tab lands in its first field.
  await page.keyboard.press('Tab')
  await page.keyboard.type(cid)
  await page.keyboard.press('Tab')
  await page.keyboard.type('typed with keys')
  await page.keyboard.press('Enter')
  await page.getByRole('status').filter({ hasText: 'Pin requested for' }).waitFor()
  const names = await page.evaluate(async () =>
    (await window.pinningService!.pins.list({ statuses: ['queued', 'pinning'], limit: 10 })).results.map((status) =>
      status.pin.name
    )
  )
  expect(names).toEqual(['typed with keys'])
})

test('the CID field takes a CID, a gateway link (path or subdomain), an ipfs:// link or an /ipfs/ path; anything else in plain words', async () => {
  ui = await openUi()
  const { page } = ui
  await openView(page, 'Add')
  const form = page.locator('pin-form')
  const field = form.getByLabel('CID or link', { exact: true })
  const cids = await Promise.all([1, 2, 3, 4].map(async () => randomCid()))
  const links = [
    {
      typed: `https://ipfs.io/ipfs/${cids[0]}/docs/report%20final.pdf`,
      form: 'gateway link',
      name: 'docs/report final.pdf'
    },
    { typed: `https://${cids[1]}.ipfs.dweb.link/`, form: 'gateway link', name: undefined },
    { typed: `ipfs://${cids[2]}/photos/cat.jpg`, form: 'ipfs:// link', name: 'photos/cat.jpg' },
    { typed: `/ipfs/${cids[3]}`, form: '/ipfs/ path', name: undefined }
  ]
  for (const [i, link] of links.entries()) {
    await field.fill(link.typed)
    await expect.poll(async () => form.locator('#cid-read').textContent()).toMatch(
      new RegExp(`^Read from the ${link.form.replace('/', '\\/')}: CID ${cids[i]}\\.`)
    )
    await form.getByRole('button', { name: 'Pin it' }).click()
    await page.getByRole('status').filter({ hasText: `Pin requested for ${cids[i]}` }).waitFor()
  }
  const stored = await page.evaluate(async () =>
    (await window.pinningService!.pins.list({ statuses: ['queued', 'pinning', 'pinned', 'failed'], limit: 10 })).results
      .map((status) => status.pin)
  )
  // The pin holds the CID itself; a path inside names the pin.
  expect(stored.reverse()).toEqual(
    links.map((link, i) => link.name === undefined ? { cid: cids[i] } : { cid: cids[i], name: link.name })
  )

  for (
    const [typed, said] of [
      [
        'hello',
        '“hello” is not a CID. Paste a CID (bafy… or Qm…), a gateway link (https://…/ipfs/…), an ipfs:// link or an /ipfs/… path.'
      ],
      ['https://example.com/photos/cat.jpg', /^This link does not point to IPFS content/],
      ['ipns://docs.ipfs.tech', /^This is an IPNS name/]
    ] as const
  ) {
    await field.fill(typed)
    await expect.poll(async () => form.locator('#cid-error').textContent()).toMatch(said)
    expect(await form.locator('#cid-error').textContent()).not.toMatch(/base|Error|Non-/)
  }
  expect(ui.errors).toEqual([])
})

test('a CID that is pinned already is said so, with a link to that pin', async () => {
  ui = await openUi()
  const { page } = ui
  const cid = await randomCid()
  await seedPins(page, [{ cid, name: 'report.pdf' }])
  await openView(page, 'Add')
  const form = page.locator('pin-form')
  await form.getByLabel('CID or link', { exact: true }).fill(`https://ipfs.io/ipfs/${cid}`)
  const warning = form.getByRole('status').filter({ hasText: 'Already' })
  await expect.poll(async () => warning.textContent(), { timeout: 5000 }).toMatch(
    /^\s*Already requested \((queued|pinning)\)\s+as “report\.pdf”\.\s+Open that pin$/
  )
  await warning.getByRole('link', { name: 'Open that pin' }).click()
  await page.getByRole('dialog').getByRole('heading', { name: 'report.pdf' }).waitFor()
  expect(ui.errors).toEqual([])
})
