import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { MockServer } from '../index.ts'
import { login, startServer, type TestClient } from '../testing/harness.ts'

let server: MockServer
let user: TestClient
let alice: TestClient
beforeAll(async () => {
  server = await startServer({ seed: 'default' })
  user = await login(server)
  alice = await login(server, 'alice@example.com', 'alice-password')
})
afterAll(() => server.close())

describe('the sharing sections of the default seed', () => {
  test('a group with its owner, members and admins', async () => {
    const names = async (c: TestClient) =>
      (await c.json<{ name: string; id: number }[]>('GET', '/api2/groups/?with_msg=false')).map((g) => g.name)
    expect(await names(user)).toEqual(['Engineering'])
    expect(await names(alice)).toEqual(['Engineering'])
    expect(await names(await login(server, 'user2@example.com', 'user2'))).toEqual([])
    const [group] = await user.json<{ id: number }[]>('GET', '/api2/groups/?with_msg=false')
    const add = (c: TestClient, who: string) =>
      c.call('PUT', `/api2/groups/${group!.id}/members/`, { form: { user_name: who } })
    // alice is a plain member; bob is a group admin.
    expect((await add(alice, 'user2@example.com')).status).toBe(403)
    const bob = await login(server, 'bob@example.com', 'bob-password')
    expect((await add(bob, 'user2@example.com')).status).toBe(200)
  })

  test('a library shared to a user and one shared to a group give their permissions', async () => {
    const shared = await user.json<{ repo_name: string; permission: string }[]>(
      'GET',
      '/api2/beshared-repos/',
    )
    expect(shared.find((r) => r.repo_name === "Alice's Library")?.permission).toBe('r')
    const viaGroup = await alice.json<{ name: string; permission: string; type: string }[]>(
      'GET',
      '/api2/repos/?type=group',
    )
    expect(viaGroup.find((r) => r.name === 'Projects')).toMatchObject({ permission: 'rw', type: 'grepo' })
  })

  test('links with fixed tokens: a file, a password-protected folder, an upload link', async () => {
    const file = await server.request('/api2/f/0f1e2d3c4b5a69788796/detail/')
    expect(file.status).toBe(200)
    expect(((await file.json()) as { name: string }).name).toBe('seafile-orange.png')
    expect((await server.request('/api2/d/d0c5d0c5d0c5d0c5d0c5/dir/')).status).toBe(403)
    const dir = await server.request('/api2/d/d0c5d0c5d0c5d0c5d0c5/dir/?password=documents-password')
    expect(((await dir.json()) as { name: string }[]).map((d) => d.name)).toContain('meeting-notes.md')
    const links = await user
      .json<{ token: string }[]>('GET', '/api/v2.1/upload-links/')
      .catch(() => undefined)
    if (links) expect(links.map((l) => l.token)).toContain('1b0c1b0c1b0c1b0c1b0c')
  })

  test.each([
    ['shares: [{ library: My Library, group: Nope }]', 'no group "Nope"'],
    ['shares: [{ library: Nowhere, to: alice@example.com }]', 'no library named "Nowhere"'],
    ['links: [{ library: My Library, path: /missing.txt }]', 'no such file or folder'],
    ['uploadLinks: [{ library: My Library, path: /README.md }]', 'no such folder'],
    ['groups: [{ name: Engineering, owner: user@example.com }]', 'group "Engineering": exists'],
    [
      'libraries: [{ name: My Library, owner: alice@example.com }]\nshares: [{ library: My Library, public: true }]',
      '2 libraries are named "My Library": use the id',
    ],
  ])('POST /__mock__/seed refuses %s', async (body, message) => {
    const ns = `bad-${Math.random().toString(36).slice(2)}`
    const res = await server.request('/__mock__/seed', {
      method: 'POST',
      headers: { 'X-Mock-Namespace': ns },
      body,
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toContain(message)
  })
})
