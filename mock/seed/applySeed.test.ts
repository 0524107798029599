import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Dump } from '../admin/dump.ts'
import type { MockServer } from '../index.ts'
import { login, startServer } from '../testing/harness.ts'

let server: MockServer
beforeAll(async () => {
  server = await startServer({ seed: 'default' })
})
afterAll(() => server.close())

describe('applying a seed', () => {
  test('each library is one commit by its owner holding the whole tree', async () => {
    const dump = (await (await server.request('/__mock__/dump')).json()) as Dump
    const mine = dump.libraries.find((l) => l.name === 'My Library')!
    expect(mine.commits).toBe(2)
    const user = await login(server)
    const history = await user.json<{ commits: { desc: string; creator_name: string }[] }>(
      'GET',
      `/api2/repos/${mine.id}/history/`,
    )
    expect(history.commits[0]!.desc).toBe('Added "README.md" and 7 more files.')
    const listing = await user.json<{ name: string; type: string }[]>(
      'GET',
      `/api2/repos/${mine.id}/dir/?p=/Documents/Finance/2024`,
    )
    expect(listing.map((d) => [d.type, d.name])).toEqual([['file', 'budget.csv']])
  })

  test('a path that is both a file and a folder is refused', async () => {
    const body =
      'libraries: [{ name: x, owner: user@example.com, files: [{ path: /a, text: "" }, { path: /a/b, text: "" }] }]'
    const res = await server.request('/__mock__/seed', {
      method: 'POST',
      headers: { 'X-Mock-Namespace': 'clash' },
      body,
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toContain('"a" is both a file and a folder')
  })
})
