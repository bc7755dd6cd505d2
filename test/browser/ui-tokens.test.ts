import { afterEach, expect, test } from 'vitest'
import { fetchInPage, openAnotherTab } from '../support/service-page.ts'
import { openUi, openView } from '../support/ui-page.ts'
import type { UiSession } from '../support/ui-page.ts'

let ui: UiSession | undefined
afterEach(async () => {
  await ui?.browser.dispose()
  ui = undefined
})

test('tokens: create with a label (secret shown once, in the examples too), list, revoke after a confirmation; then 401', async () => {
  ui = await openUi()
  const { page } = ui
  await openView(page, 'Tokens')
  const manager = page.locator('token-manager')
  await manager.getByText('No tokens yet.').waitFor()

  // A blank label is refused with a reason, and nothing is created.
  await manager.getByRole('button', { name: 'Create token' }).click()
  await expect.poll(async () => manager.locator('#label-error').textContent()).toMatch(/^Give the token a label/)
  expect(await page.evaluate(async () => (await window.pinningService!.listTokens()).length)).toBe(0)

  await manager.getByLabel('Label', { exact: true }).fill('photo app')
  await manager.getByRole('button', { name: 'Create token' }).click()
  const secret = manager.locator('#secret')
  await secret.waitFor()
  const token = (await secret.textContent()) ?? ''
  expect(token).toMatch(/^ips_/)
  expect(await manager.getByRole('button', { name: 'Copy token' }).count()).toBe(1)
  // The examples carry the new token and the endpoint, ready to paste.
  const examples = manager.locator('api-examples pre')
  expect(await examples.first().textContent()).toContain(`Bearer ${token}`)
  expect(await examples.nth(1).textContent()).toContain(`accessToken: '${token}'`)
  const endpoint = await page.evaluate(() => window.pinningService!.endpoint)
  expect(await examples.first().textContent()).toContain(`fetch('${endpoint}/pins'`)

  // The token works, through the service worker, as any client would use it.
  const auth = { Authorization: `Bearer ${token}` }
  expect((await fetchInPage(page, '/api/v1/pins', { headers: auth })).status).toBe(200)

  // Once dismissed, the secret is gone for good; the list tells tokens apart by label and a non-secret prefix,
  // with when each was made and last used (the request above used it).
  await manager.getByRole('button', { name: 'Done' }).click()
  expect(await secret.count()).toBe(0)
  const row = manager.locator('ul.tokens > li')
  await expect.poll(async () => row.count()).toBe(1)
  expect(await row.locator('.label').textContent()).toBe('photo app')
  expect(await row.locator('.prefix').textContent()).toBe(`${token.slice(0, 8)}…`)
  expect(await row.locator('time.created').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/)
  await expect.poll(async () => row.locator('.used').textContent()).toMatch(/^Last used (just now|\d+ sec\. ago)$/)
  expect(await manager.evaluate((element) => element.shadowRoot!.textContent)).not.toContain(token)

  // Revoke asks first; Cancel keeps the token.
  await manager.getByRole('button', { name: 'Revoke photo app' }).click()
  await manager.getByRole('group', { name: 'Revoke photo app?' }).getByRole('button', { name: 'Cancel' }).click()
  expect((await fetchInPage(page, '/api/v1/pins', { headers: auth })).status).toBe(200)
  await manager.getByRole('button', { name: 'Revoke photo app' }).click()
  await manager.getByRole('group', { name: 'Revoke photo app?' }).getByRole('button', { name: 'Revoke', exact: true })
    .click()
  await manager.getByText('No tokens yet.').waitFor()

  const refused = await fetchInPage(page, '/api/v1/pins', { headers: auth })
  expect(refused.status).toBe(401)
  expect(JSON.parse(refused.body).error.reason).toBe('UNAUTHORIZED')
  expect(ui.errors).toEqual([])
})

test('the endpoint in the header can be copied', async () => {
  ui = await openUi()
  const { page } = ui
  await ui.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.locator('app-header').getByRole('button', { name: 'Copy API endpoint' }).click()
  await page.locator('app-header').getByRole('button', { name: 'Copy API endpoint: copied' }).waitFor()
  expect(await page.evaluate(async () => navigator.clipboard.readText())).toBe(
    await page.evaluate(() => window.pinningService!.endpoint)
  )
})

test('tokens created or revoked in another tab show up without a reload', async () => {
  ui = await openUi()
  const { page } = ui
  await openView(page, 'Tokens')
  const manager = page.locator('token-manager')
  await manager.getByText('No tokens yet.').waitFor()

  const other = await openAnotherTab(page)
  const id = await other.evaluate(async () =>
    (await window.pinningService!.tokens.create('from the other tab')).info.id
  )
  await manager.getByRole('button', { name: 'Revoke from the other tab' }).waitFor()

  await other.evaluate(async (id) => {
    await window.pinningService!.revokeToken(id)
  }, id)
  await manager.getByText('No tokens yet.').waitFor()
  expect(ui.errors).toEqual([])
})
