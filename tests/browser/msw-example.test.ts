import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildBrowserExample } from '../../examples/browser/build.ts'
import { serveStatic } from '../../examples/browser/staticServer.ts'
import { createMockServer, type MockServer } from '../../mock/index.ts'
import { skipWithout } from '../systemPackage.ts'
import { chromiumMissing, launchChromium, SCREENSHOTS } from './chromium.ts'

const missing = chromiumMissing()
if (missing) console.warn(`tests/browser skipped: ${missing}`)

describe.skipIf(skipWithout(missing))('browser example: msw setupWorker in headless Chromium', () => {
  let out: string
  let mock: MockServer
  let api: { url: string; close(): Promise<void> }
  let site: { url: string; close(): Promise<void> }
  let browser: Browser
  let page: Page
  const consoleErrors: string[] = []
  /** Responses to the app's Seafile URL, and whether the service worker produced them. */
  const seafileResponses: { url: string; fromWorker: boolean }[] = []

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'msw-example-'))
    await buildBrowserExample(out)
    mock = await createMockServer({ seed: 'default', log: () => {} })
    api = await mock.listen(0, '127.0.0.1')
    site = await serveStatic(out)
    browser = await launchChromium()
    page = await browser.newPage()
    // A liveness bound, not a speed check: a busy machine may take long to start the worker.
    page.setDefaultTimeout(120_000)
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()))
    page.on('pageerror', (e) => consoleErrors.push(String(e)))
    page.on('response', (r) => {
      if (r.url().startsWith('https://seafile.example.test/'))
        seafileResponses.push({ url: r.url(), fromWorker: r.fromServiceWorker() })
    })
  })

  afterAll(async () => {
    await browser?.close()
    await site?.close()
    await api?.close()
    await mock?.close()
    if (out) await rm(out, { recursive: true, force: true })
  })

  test('lists the seeded libraries and uploads a file through the worker into its namespace', async () => {
    await page.goto(`${site.url}/?mock=${encodeURIComponent(api.url)}&ns=browser`)
    await page.waitForSelector('#status[data-state="ready"], #status[data-state="error"]')
    expect(await page.textContent('#status'), consoleErrors.join('\n')).toBe('3 libraries')
    const libraries = await page.locator('#libraries li').allTextContents()
    expect(libraries.map((l) => l.replace(/encrypted$|\d.*$/, '').trim()).sort()).toEqual([
      'Encrypted',
      'My Library',
      'Projects',
    ])
    expect(await page.locator('#files').textContent()).toContain('README.md')

    const content = 'Hello from headless Chromium ✓\n'.repeat(100)
    await page.setInputFiles('#file', {
      name: 'from-the-browser.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(content),
    })
    await page.click('#upload')
    await page.waitForSelector('#status[data-state="uploaded"], #status[data-state="error"]')
    expect(await page.textContent('#status'), consoleErrors.join('\n')).toBe('Uploaded from-the-browser.txt')
    const files = await page.locator('#files li').allTextContents()
    expect(files).toContain(`from-the-browser.txt${(Buffer.byteLength(content) / 1024).toFixed(1)} KiB`)
    await page.screenshot({ path: join(SCREENSHOTS, 'msw-example.png'), fullPage: true })

    // Every answer to the app came from msw's worker, the upload link's too (it points back at the app's URL).
    expect(seafileResponses.length).toBeGreaterThan(4)
    expect(seafileResponses.filter((r) => !r.fromWorker)).toEqual([])
    expect(seafileResponses.some((r) => r.url.includes('/__ns/browser/seafhttp/upload-api/'))).toBe(true)

    // The upload is in the mock, in the page's namespace only.
    const dump = (await (await fetch(`${api.url}/__ns/browser/__mock__/dump`)).json()) as {
      libraries: { name: string; entries: { path: string; size?: number }[] }[]
    }
    const mine = dump.libraries.find((l) => l.name === 'My Library')!
    expect(mine.entries.find((e) => e.path === '/from-the-browser.txt')?.size).toBe(
      Buffer.byteLength(content),
    )
    expect(await (await fetch(`${api.url}/__mock__/dump`)).text()).not.toContain('from-the-browser.txt')
  })
})
