import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { putFile, withRepo } from './testing/harness.ts'

/** Statuses the real server itself sends for some inputs (§8/§9: 520 RPC failures, 500 SearpcError). */
const DOCUMENTED_5XX = new Set([500, 520])

describe('bad input', () => {
  test('malformed JSON bodies are DRF parse errors, not crashes', async () => {
    const { server, client } = await withRepo()
    const res = await server.request('/api2/repos/', {
      method: 'POST',
      headers: { Authorization: `Token ${client.token}`, 'Content-Type': 'application/json' },
      body: '{"name": ',
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { detail: string }).detail).toMatch(/^JSON parse error - /)
  })

  test('random paths, names and parameters never make the mock fail with an undocumented 5xx', async () => {
    const { server, client, repoId } = await withRepo()
    await putFile(server, repoId, '/a.txt', 'x')
    const auth = { Authorization: `Token ${client.token}` }
    const text = fc.oneof(
      fc.string(),
      fc.constantFrom('', '/', '//', '/..', '/a.txt', '/a.txt/', '%', '\u0000', 'a'.repeat(300)),
    )
    const requests = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
      route: fc.constantFrom(
        'dir/',
        'file/',
        'file/detail/',
        'file/history/',
        'file/revision/',
        'file/revert/',
        'dir/revert/',
        'dir/download/',
        'history/',
        'history-limit/',
        'owner/',
        'thumbnail/',
        'fileops/copy/',
        '',
      ),
      p: text,
      field: fc.constantFrom(
        'operation',
        'newname',
        'name',
        'dst_dir',
        'dst_repo',
        'commit_id',
        'keep_days',
        'owner',
      ),
      value: text,
      operation: fc.constantFrom('mkdir', 'rename', 'create', 'move', 'copy', 'lock', 'unlock', 'bogus'),
    })
    await fc.assert(
      fc.asyncProperty(requests, async ({ method, route, p, field, value, operation }) => {
        const url = `/api2/repos/${repoId}/${route}?p=${encodeURIComponent(p)}&t=${encodeURIComponent(value)}`
        const body = method === 'GET' ? undefined : new URLSearchParams({ operation, p, [field]: value })
        const res = await server.request(url, { method, headers: auth, body })
        if (res.status >= 500)
          expect(DOCUMENTED_5XX.has(res.status), `${method} ${url} → ${res.status}`).toBe(true)
        const type = res.headers.get('content-type') ?? ''
        if (res.status >= 400 && res.status !== 404) expect(type).toMatch(/json|text\/plain/)
      }),
      { numRuns: 300, seed: 42 },
    )
  })
})
