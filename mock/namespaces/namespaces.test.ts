import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { pathOf } from '../http/requestPath.ts'
import type { MockServer } from '../index.ts'
import { startServer } from '../testing/harness.ts'

const MY_LIBRARY = '5a0f4b3e-0c2d-4f7a-9b1e-3d6c8a2f1e01'

let server: MockServer
beforeAll(async () => {
  server = await startServer({ seed: 'default' })
})
afterAll(() => server.close())

/** A client of one namespace: by header, by URL prefix, or the default. */
function client(ns: { header?: string; prefix?: string } = {}) {
  const base = ns.prefix ? `/__ns/${ns.prefix}` : ''
  const headers = (token?: string): Record<string, string> => ({
    ...(ns.header ? { 'X-Mock-Namespace': ns.header } : {}),
    ...(token ? { Authorization: `Token ${token}` } : {}),
  })
  let token: string | undefined
  const call = async (path: string, init: RequestInit = {}) => {
    token ??= (
      (await (
        await server.request(`${base}/api2/auth-token/`, {
          method: 'POST',
          headers: headers(),
          body: new URLSearchParams({ username: 'user@example.com', password: 'user' }),
        })
      ).json()) as { token: string }
    ).token
    return server.request(`${base}${path}`, { ...init, headers: { ...headers(token), ...init.headers } })
  }
  return {
    call,
    async libraries(): Promise<string[]> {
      const res = await call('/api2/repos/?type=mine')
      expect(res.status).toBe(200)
      return ((await res.json()) as { name: string }[]).map((r) => r.name).sort()
    },
    async createLibrary(name: string): Promise<string> {
      const res = await call('/api2/repos/', { method: 'POST', body: new URLSearchParams({ name }) })
      expect(res.status).toBe(200)
      return ((await res.json()) as { repo_id: string }).repo_id
    },
    reset: () => server.request(`${base}/__mock__/reset`, { method: 'POST', headers: headers() }),
  }
}

describe('namespaces', () => {
  test('a new namespace starts from the seed', async () => {
    expect(await client({ header: 'fresh' }).libraries()).toEqual(['Encrypted', 'My Library', 'Projects'])
  })

  test('two namespaces never see each other’s libraries (header and URL prefix)', async () => {
    const a = client({ header: 'worker-a' })
    const b = client({ prefix: 'worker-b' })
    await a.createLibrary('only in a')
    await b.createLibrary('only in b')
    expect(await a.libraries()).toContain('only in a')
    expect(await a.libraries()).not.toContain('only in b')
    expect(await b.libraries()).toContain('only in b')
    expect(await b.libraries()).not.toContain('only in a')
    expect(await client().libraries()).not.toContain('only in a')
    expect(await client().libraries()).not.toContain('only in b')
  })

  test('the header and the URL prefix name the same namespace', async () => {
    await client({ header: 'same' }).createLibrary('made by header')
    expect(await client({ prefix: 'same' }).libraries()).toContain('made by header')
  })

  test('a token from one namespace is unknown in another', async () => {
    const a = client({ header: 'tokens-a' })
    await a.libraries()
    const login = await server.request('/api2/auth-token/', {
      method: 'POST',
      headers: { 'X-Mock-Namespace': 'tokens-a' },
      body: new URLSearchParams({ username: 'user@example.com', password: 'user' }),
    })
    const { token } = (await login.json()) as { token: string }
    const res = await server.request('/api2/repos/', {
      headers: { Authorization: `Token ${token}`, 'X-Mock-Namespace': 'tokens-b' },
    })
    expect(res.status).toBe(401)
  })

  test('reset returns the namespace to its seed and leaves the others alone', async () => {
    const a = client({ header: 'reset-a' })
    const b = client({ header: 'reset-b' })
    await a.createLibrary('temporary')
    await b.createLibrary('kept')
    const timings: number[] = []
    for (let i = 0; i < 20; i++) {
      const res = await a.reset()
      expect(res.status).toBe(200)
      const body = (await res.json()) as { namespace: string; reset: boolean; ms: number }
      expect(body).toMatchObject({ namespace: 'reset-a', reset: true })
      timings.push(body.ms)
    }
    timings.sort((x, y) => x - y)
    console.log(`namespace reset (default seed): median ${timings[10]} ms, max ${timings[19]} ms`)
    const fresh = client({ header: 'reset-a' })
    expect(await fresh.libraries()).toEqual(['Encrypted', 'My Library', 'Projects'])
    expect(await b.libraries()).toContain('kept')
  })

  test('links carry the namespace prefix, so an upload lands in the namespace without the header', async () => {
    const a = client({ header: 'links' })
    const res = await a.call(`/api2/repos/${MY_LIBRARY}/upload-link/?p=/`)
    const link = (await res.json()) as string
    expect(link).toMatch(/^http:\/\/localhost\/__ns\/links\/seafhttp\/upload-api\//)
    const form = new FormData()
    form.append('parent_dir', '/')
    form.append('file', new Blob(['namespaced']), 'in-links.txt')
    const upload = await server.request(new URL(link).pathname, { method: 'POST', body: form })
    expect(upload.status, await upload.clone().text()).toBe(200)
    const dump = await server.request('/__mock__/dump', { headers: { 'X-Mock-Namespace': 'links' } })
    const paths = (
      (await dump.json()) as { libraries: { id: string; entries: { path: string }[] }[] }
    ).libraries
      .find((l) => l.id === MY_LIBRARY)!
      .entries.map((e) => e.path)
    expect(paths).toContain('/in-links.txt')
    const other = await server.request('/__mock__/dump')
    expect(JSON.stringify(await other.json())).not.toContain('in-links.txt')
  })

  test('links follow X-Mock-Base-Url (msw’s base URL) and a proxy’s X-Forwarded-Host', async () => {
    const a = client({ header: 'base-url' })
    const viaBase = await a.call(`/api2/repos/${MY_LIBRARY}/upload-link/?p=/`, {
      headers: { 'X-Mock-Base-Url': 'https://cloud.example.test/seafile/' },
    })
    expect(await viaBase.json()).toMatch(
      /^https:\/\/cloud\.example\.test\/seafile\/__ns\/base-url\/seafhttp\//,
    )
    const viaProxy = await client().call(`/api2/repos/${MY_LIBRARY}/upload-link/?p=/`, {
      headers: { 'X-Forwarded-Host': 'files.example.test', 'X-Forwarded-Proto': 'https' },
    })
    expect(await viaProxy.json()).toMatch(/^https:\/\/files\.example\.test\/seafhttp\/upload-api\//)
  })

  test('a malformed namespace, or a header that contradicts the URL, is a 400', async () => {
    const bad = await server.request('/api2/ping/', { headers: { 'X-Mock-Namespace': '../etc' } })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('invalid X-Mock-Namespace')
    const clash = await server.request('/__ns/one/api2/ping/', { headers: { 'X-Mock-Namespace': 'two' } })
    expect(clash.status).toBe(400)
  })

  test('the least recently used namespaces close beyond maxNamespaces', async () => {
    const small = await startServer({ maxNamespaces: 2 })
    try {
      for (const ns of ['n1', 'n2', 'n3'])
        await small.request('/api2/ping/', { headers: { 'X-Mock-Namespace': ns } })
      const res = await small.request('/__mock__/namespaces')
      expect(((await res.json()) as { namespaces: string[] }).namespaces).toEqual(['default', 'n3'])
    } finally {
      await small.close()
    }
  })
})

describe('pathOf', () => {
  test('is the pathname the URL parser gives, for the URLs requests carry', () => {
    for (const url of [
      'http://localhost/api2/repos/',
      'http://127.0.0.1:8000/api2/repos/?type=mine&nameContains=a',
      'http://[::1]:8000/seafhttp/files/t/na%20me.txt',
      'https://seafile.example.com/seafile/api/v2.1/repos/x/dir/?p=%2Fa%3Fb#frag',
      'http://localhost',
      'http://localhost/?',
      'http://localhost/__ns/team-a/api2/ping/',
      'http://h/%E4%BD%A0%E5%A5%BD/',
    ]) {
      expect(pathOf(new Request(url).url), url).toBe(new URL(url).pathname)
    }
  })
})
