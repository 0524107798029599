import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { createMockServer } from '../index.ts'
import { login, silent, startServer } from '../testing/harness.ts'

/** Token lookups are kept between requests: every change to the token or its user must still count at once. */
describe('token authentication, kept between requests', () => {
  for (const store of ['memory', 'disk'] as const) {
    test(`${store}: a user deactivated or deleted fails the very next request`, async () => {
      const dir = store === 'disk' ? await mkdtemp(join(tmpdir(), 'auth-')) : undefined
      const server = await startServer(dir ? { dataDir: dir } : {})
      const admin = await login(server, 'admin@example.com', 'admin')
      const user = await login(server)
      const user2 = await login(server, 'user2@example.com', 'user2')
      expect((await user.call('GET', '/api2/repos/')).status).toBe(200)
      expect((await user2.call('GET', '/api2/repos/')).status).toBe(200)

      const off = await admin.call('PUT', '/api2/accounts/user2@example.com/', {
        form: { is_active: 'false' },
      })
      expect(off.status).toBe(200)
      const inactive = await user2.call('GET', '/api2/repos/')
      expect([inactive.status, await inactive.json()]).toEqual([401, { detail: 'User inactive or deleted' }])

      expect((await admin.call('DELETE', '/api2/accounts/user@example.com/')).status).toBe(200)
      expect((await user.call('GET', '/api2/repos/')).status).toBe(401)
      await server.close()
      if (dir) await rm(dir, { recursive: true, force: true })
    })
  }

  test('what a handler does to its user and token records does not reach the next request', async () => {
    const server = await createMockServer(silent, {
      modules: [
        ({ routes }) => {
          routes.get('/api2/test-records/', (c) => {
            const seen = { name: c.get('user').name, key: c.get('token').key }
            c.get('user').name = 'changed'
            c.get('token').key = 'changed'
            return Response.json(seen)
          })
        },
      ],
    })
    const user = await login(server)
    const first = await (await user.call('GET', '/api2/test-records/')).json()
    const second = await (await user.call('GET', '/api2/test-records/')).json()
    expect(second).toEqual(first)
    expect(first).toEqual({ name: expect.not.stringMatching(/changed/), key: user.token })
    await server.close()
  })
})
