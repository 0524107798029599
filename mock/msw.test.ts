import { bypass } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { SeafileClient } from '../examples/browser/seafileClient.ts'
import { createMockServer, type MockServer } from './index.ts'
import { createSeafileHandlers } from './msw.ts'
import { silent } from './testing/harness.ts'

const BASE = 'https://seafile.example.test/seafile'
const inProcess = setupServer(
  ...createSeafileHandlers({ baseUrl: BASE, mock: { ...silent, seed: 'default' } }),
)

beforeAll(() => inProcess.listen({ onUnhandledRequest: 'error' }))
afterEach(() => inProcess.resetHandlers())
afterAll(() => inProcess.close())

/** 300 KiB of every byte value, as a binary file a client might upload. */
const payload = new Uint8Array(300 * 1024).map((_, i) => (i * 7 + (i >> 10)) & 0xff)

describe('msw handlers (setupServer, in-process core)', () => {
  test('login → create library → upload through the upload link → list → download, bytes identical', async () => {
    const client = await SeafileClient.login(BASE, 'user@example.com', 'user')
    const repoId = await client.createLibrary('From msw')
    const uploaded = await client.upload(repoId, '/', new Blob([payload]), 'photo.raw')
    expect(uploaded.name).toBe('photo.raw')
    const listing = await client.listDir(repoId, '/')
    expect(listing.map((d) => [d.name, d.size])).toEqual([['photo.raw', payload.length]])
    const bytes = new Uint8Array(await client.download(repoId, '/photo.raw'))
    expect(bytes.length).toBe(payload.length)
    expect(Buffer.from(bytes).equals(Buffer.from(payload))).toBe(true)
  })

  test('serves the seed: the seeded PNG downloads byte for byte', async () => {
    const client = await SeafileClient.login(BASE, 'user@example.com', 'user')
    const mine = (await client.listLibraries()).find((l) => l.name === 'My Library')!
    const png = new Uint8Array(await client.download(mine.id, '/Photos/seafile-orange.png'))
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    expect(png.length).toBe(3240)
  })

  test('upload links point back at the base URL, path included', async () => {
    const client = await SeafileClient.login(BASE, 'user@example.com', 'user')
    const [library] = await client.listLibraries()
    const res = await fetch(`${BASE}/api2/repos/${library!.id}/upload-link/?p=/`, {
      headers: { Authorization: `Token ${client.token}` },
    })
    expect(await res.json()).toMatch(/^https:\/\/seafile\.example\.test\/seafile\/seafhttp\/upload-api\//)
  })

  test('other hosts, and paths beside the base path, are not handled', async () => {
    await expect(fetch('https://seafile.example.test/seafile-other/api2/ping/')).rejects.toThrow()
  })

  test('namespaces and reset work through msw', async () => {
    inProcess.use(
      ...createSeafileHandlers({ baseUrl: BASE, namespace: 'msw-a', mock: { ...silent, seed: 'default' } }),
    )
    const a = await SeafileClient.login(BASE, 'user@example.com', 'user')
    await a.createLibrary('only in msw-a')
    expect((await a.listLibraries()).map((l) => l.name)).toContain('only in msw-a')
    const reset = await fetch(`${BASE}/__mock__/reset`, { method: 'POST' })
    expect(await reset.json()).toMatchObject({ namespace: 'msw-a', reset: true })
    // A reset returns to the seed: tokens issued since are gone too.
    await expect(a.listLibraries()).rejects.toThrow('HTTP 401')
    const again = await SeafileClient.login(BASE, 'user@example.com', 'user')
    expect((await again.listLibraries()).map((l) => l.name).sort()).toEqual([
      'Encrypted',
      'My Library',
      'Projects',
    ])
  })
})

describe('msw handlers forwarding to a running mock (what setupWorker does in a browser)', () => {
  let mock: MockServer
  let listening: { url: string; close(): Promise<void> }
  const forwarded = setupServer()

  beforeAll(async () => {
    inProcess.close()
    mock = await createMockServer({ ...silent, seed: 'default' })
    listening = await mock.listen(0, '127.0.0.1')
    forwarded.use(...createSeafileHandlers({ baseUrl: BASE, target: listening.url, namespace: 'forwarded' }))
    forwarded.listen({ onUnhandledRequest: 'error' })
  })
  afterAll(async () => {
    forwarded.close()
    await listening.close()
    await mock.close()
    inProcess.listen({ onUnhandledRequest: 'error' })
  })

  test('the same flow lands in the running mock’s namespace', async () => {
    const client = await SeafileClient.login(BASE, 'user@example.com', 'user')
    const repoId = await client.createLibrary('Forwarded')
    await client.upload(repoId, '/', new Blob([payload]), 'f.bin')
    const bytes = new Uint8Array(await client.download(repoId, '/f.bin'))
    expect(Buffer.from(bytes).equals(Buffer.from(payload))).toBe(true)
    const dump = await fetch(bypass(`${listening.url}/__ns/forwarded/__mock__/dump`))
    const names = ((await dump.json()) as { libraries: { name: string }[] }).libraries.map((l) => l.name)
    expect(names).toContain('Forwarded')
    const defaultDump = await (await fetch(bypass(`${listening.url}/__mock__/dump`))).text()
    expect(defaultDump).not.toContain('Forwarded')
  })
})
