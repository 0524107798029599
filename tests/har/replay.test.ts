/**
 * The recorded-exchange check: the requests of a committed recording (fixtures/har/workflows.har) are
 * replayed in order against a fresh mock with the same accounts, and each answer must match the recorded
 * one in status, content type and body shape, unless fixtures/har/allowed-differences.json lists the
 * difference with its reason. Today the recording is of the mock itself; a recording of a real server
 * replaces it without code changes (scripts/har-fixture.ts normalises any HAR).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMockServer } from '../../mock/index.ts'
import { type AllowedDifference, allowed } from '../../suites/har/allowList.ts'
import type { Har } from '../../suites/har/har.ts'
import { replay } from '../../suites/har/replay.ts'

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'har')
const har = JSON.parse(readFileSync(join(FIXTURES, 'workflows.har'), 'utf8')) as Har
const allowList = JSON.parse(
  readFileSync(join(FIXTURES, 'allowed-differences.json'), 'utf8'),
) as AllowedDifference[]
const ACCOUNTS = {
  user: { email: 'user@example.com', password: 'user' },
  user2: { email: 'user2@example.com', password: 'user2' },
  admin: { email: 'admin@example.com', password: 'admin' },
}

async function startMock(faults: string[] = []) {
  const server = await createMockServer({ faults })
  const running = await server.listen(0, '127.0.0.1')
  return {
    url: running.url,
    close: async () => {
      await running.close()
      await server.close?.()
    },
  }
}

describe('recorded exchanges replayed against a fresh mock', () => {
  let mock: Awaited<ReturnType<typeof startMock>>
  beforeAll(async () => {
    mock = await startMock()
  })
  afterAll(() => mock?.close())

  it('answers every recorded request with the recorded status, content type and body shape', async () => {
    const results = await replay(har, { baseUrl: mock.url, accounts: ACCOUNTS })
    expect(results.length).toBe(har.log.entries.length)
    expect(results.filter((r) => r.skipped).map((r) => `${r.url}: ${r.skipped}`)).toEqual([])
    const unexplained = results.flatMap((r) =>
      r.differences
        .filter((d) => !allowed(allowList, r, d))
        .map((d) => `#${r.index} ${r.method} ${r.url} ${d.field} ${d.path ?? ''} ${d.detail}`),
    )
    expect(unexplained).toEqual([])
  }, 120_000)
})

describe('the replay can fail', () => {
  it('reports a server that answers differently (a fault on one route)', async () => {
    const faulty = await startMock(['GET /api2/repos/*/dir/:status=503'])
    try {
      const results = await replay(har, { baseUrl: faulty.url, accounts: ACCOUNTS })
      const listing = results.filter((r) => r.method === 'GET' && /\/dir\/(\?|$)/.test(r.url))
      expect(listing.length).toBeGreaterThan(0)
      for (const r of listing) expect(r.differences.map((d) => d.field)).toContain('status')
    } finally {
      await faulty.close()
    }
  }, 120_000)
})
