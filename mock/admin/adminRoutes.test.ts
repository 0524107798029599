import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { MockServer } from '../index.ts'
import { startServer } from '../testing/harness.ts'
import type { Dump } from './dump.ts'

let server: MockServer
beforeAll(async () => {
  server = await startServer({ seed: 'default' })
})
afterAll(() => server.close())

const ns = (name: string) => ({ 'X-Mock-Namespace': name })

describe('mock admin endpoints', () => {
  test('dump lists accounts without password hashes and every seeded path with its size', async () => {
    const res = await server.request('/__mock__/dump', { headers: ns('dump') })
    expect(res.status).toBe(200)
    const dump = (await res.json()) as Dump
    expect(dump.namespace).toBe('dump')
    expect(dump.users.map((u) => u.email)).toContain('alice@example.com')
    expect(JSON.stringify(dump.users)).not.toContain('password')
    const mine = dump.libraries.find((l) => l.name === 'My Library')!
    const byPath = new Map(mine.entries.map((e) => [e.path, e]))
    expect(byPath.get('/Photos/seafile-orange.png')).toMatchObject({ type: 'file', size: 3240 })
    expect(byPath.get('/Documents/Finance/2024')).toMatchObject({ type: 'dir' })
    expect(byPath.get('/Empty folder')).toMatchObject({ type: 'dir' })
    expect(byPath.get('/Data/random-1MiB.bin')?.size).toBe(1048576)
    expect(mine.commits).toBeGreaterThan(1)
    expect(dump.libraries.find((l) => l.name === 'Encrypted')?.encrypted).toBe(true)
  })

  test('seed adds users and libraries from a YAML body to the namespace only', async () => {
    const body = [
      'users:',
      '  - { email: carol@example.com, password: carol }',
      'libraries:',
      '  - name: Carol’s',
      '    owner: carol@example.com',
      '    files:',
      '      - { path: /a/b/c.txt, text: deep }',
    ].join('\n')
    const res = await server.request('/__mock__/seed', { method: 'POST', headers: ns('seeded'), body })
    expect(res.status, await res.clone().text()).toBe(200)
    expect(await res.json()).toEqual({
      namespace: 'seeded',
      users: 1,
      libraries: 1,
      files: 1,
      groups: 0,
      shares: 0,
      links: 0,
    })
    const login = await server.request('/api2/auth-token/', {
      method: 'POST',
      headers: ns('seeded'),
      body: new URLSearchParams({ username: 'carol@example.com', password: 'carol' }),
    })
    expect(login.status).toBe(200)
    const elsewhere = await server.request('/api2/auth-token/', {
      method: 'POST',
      body: new URLSearchParams({ username: 'carol@example.com', password: 'carol' }),
    })
    expect(elsewhere.status).toBe(400)
  })

  test('a bad seed is a 400 naming the field', async () => {
    const res = await server.request('/__mock__/seed', {
      method: 'POST',
      headers: ns('bad-seed'),
      body: JSON.stringify({ libraries: [{ name: 'x', owner: 'nobody@example.com' }] }),
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toContain(
      'owner nobody@example.com is not an account',
    )
  })

  test('the index lists the endpoints; a wrong method is a 405, an unknown path a 404', async () => {
    const index = await server.request('/__mock__/')
    expect(Object.keys(((await index.json()) as { endpoints: object }).endpoints)).toContain(
      'POST /__mock__/reset',
    )
    const wrong = await server.request('/__mock__/reset')
    expect(wrong.status).toBe(405)
    expect(wrong.headers.get('allow')).toBe('POST')
    expect((await server.request('/__mock__/nothing')).status).toBe(404)
  })

  test('the admin endpoints are absent with adminApi off', async () => {
    const plain = await startServer({ adminApi: false })
    try {
      const res = await plain.request('/__mock__/dump')
      expect(res.status).toBe(404)
      expect(await res.text()).toBe('404 page not found\n')
    } finally {
      await plain.close()
    }
  })
})
