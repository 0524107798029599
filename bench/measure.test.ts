import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Child, serveChild } from './children.ts'
import { autocannonRate, runnerRate } from './measure.ts'

let bare: Child
beforeAll(async () => {
  const file = join(await mkdtemp(join(tmpdir(), 'bench-test-')), 'responses.json')
  const body = JSON.stringify([{ id: 'a', name: 'library' }])
  await writeFile(
    file,
    JSON.stringify({
      '/api2/repos/': { status: 200, headers: { 'content-type': 'application/json' }, body },
    }),
  )
  bare = await serveChild('node:http', ['bare', file])
})
afterAll(() => bare?.stop())

describe('bench measurements', () => {
  it('measures the same request with plain autocannon and with the load runner', async () => {
    const load = { url: bare.url, path: '/api2/repos/', connections: 2, seconds: 1 }
    const plain = await autocannonRate(load)
    const ours = await runnerRate(load)
    for (const m of [plain, ours]) {
      // Some requests went through; how many per second is what the benchmark reports, not a test's gate.
      expect(m.rps).toBeGreaterThan(0)
      expect(m.non2xx + m.errors).toBe(0)
    }
  })

  it('serves recorded responses from a child process and 404 for anything else', async () => {
    const res = await fetch(`${bare.url}/api2/repos/`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual([{ id: 'a', name: 'library' }])
    expect((await fetch(`${bare.url}/other`)).status).toBe(404)
  })
})
