import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createMockServer, type MockServer } from '../../mock/index.ts'
import { skipWithout } from '../systemPackage.ts'
import { chromiumMissing, launchChromium, SCREENSHOTS } from './chromium.ts'

const missing = chromiumMissing()

describe.skipIf(skipWithout(missing))('the mock’s /docs/ page in headless Chromium', () => {
  let mock: MockServer
  let api: { url: string; close(): Promise<void> }
  let browser: Browser

  beforeAll(async () => {
    mock = await createMockServer({ log: () => {} })
    api = await mock.listen(0, '127.0.0.1')
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await api?.close()
    await mock?.close()
  })

  test('renders the spec with Redoc served by the mock, asking nothing of any other host', async () => {
    const page = await browser.newPage()
    // A liveness bound, not a speed check: Redoc renders slowly on a busy machine.
    page.setDefaultTimeout(120_000)
    const elsewhere: string[] = []
    await page.route('**/*', (route) => {
      const url = route.request().url()
      if (url.startsWith(`${api.url}/`)) return route.continue()
      elsewhere.push(url)
      return route.abort()
    })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(String(e)))
    // No console error at all: Redoc's logo (on cdn.redoc.ly upstream) is served as a data: URL the CSP allows.
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    await page.goto(`${api.url}/docs`)
    expect(page.url()).toBe(`${api.url}/docs/`)
    await page.getByText('Seafile Web API (api2, api/v2.1 and file server)').first().waitFor()
    // An operation of the spec, rendered from /openapi.json.
    await page.goto(`${api.url}/docs/#tag/auth`)
    await page.getByText('/api2/auth-token/').first().waitFor()
    expect(await page.getByText('obtain auth token').count()).toBeGreaterThan(0)
    // The servers are this mock's: its own origin, and the file server under /seafhttp.
    // (Redoc lists them in each operation's endpoint box, attached to the page but shown on a click.)
    await page.getByText(`${api.url}/api2/auth-token/`).first().waitFor({ state: 'attached' })
    expect(await page.getByText('{seahub}').count()).toBe(0)
    expect(await page.content()).toContain(`${api.url}/seafhttp/`)
    const logos = await page.locator('img[alt="redocly logo"]').evaluateAll((imgs) =>
      imgs.map((i) => ({
        src: (i as HTMLImageElement).src.slice(0, 'data:image/svg+xml'.length),
        ok: (i as HTMLImageElement).naturalWidth > 0,
      })),
    )
    expect(logos.length, 'Redoc shows its logo').toBeGreaterThan(0)
    expect(
      logos.every((l) => l.src === 'data:image/svg+xml' && l.ok),
      JSON.stringify(logos),
    ).toBe(true)
    await page.screenshot({ path: join(SCREENSHOTS, 'docs-page.png') })
    expect(errors).toEqual([])
    expect(elsewhere).toEqual([])
  })
})
