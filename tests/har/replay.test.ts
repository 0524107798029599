/**
 * The recorded-exchange check: the requests of each committed recording are replayed in order against a
 * fresh mock with the same accounts, and each answer must match the recorded one in status, content type
 * and body shape, unless the recording's allow list names the difference with its reason.
 * - fixtures/har/workflows.har: the mock itself (allowed-differences.json);
 * - fixtures/har/real-seafile-11.har: a core run against a real Seafile 11.0.13 (Go file server), selected
 *   and normalised by scripts/har-fixture.ts (allowed-differences-real-11.json: where the mock differs from
 *   that server and why, docs/real-server-findings-11.md).
 * Each is replayed against the default mock (user names are e-mails) and against `mock --virtual-ids` (user
 * names are seahub 11 virtual ids): `{{user:<role>}}` is bound per server from its account info.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AllowedDifference, allowed } from '../../suites/har/allowList.ts'
import type { Har } from '../../suites/har/har.ts'
import { replay } from '../../suites/har/replay.ts'
import { MOCK_ACCOUNTS as ACCOUNTS, type RunningMock, startMock } from './mockServer.ts'

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'har')
const read = <T>(name: string) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T
const RECORDINGS = [
  { har: 'workflows.har', allow: 'allowed-differences.json' },
  { har: 'real-seafile-11.har', allow: 'allowed-differences-real-11.json' },
].flatMap((r) => [false, true].map((virtualIds) => ({ ...r, virtualIds })))
const har = read<Har>('workflows.har')
describe.each(RECORDINGS)(
  'recorded exchanges ($har) replayed against a fresh mock (virtual ids: $virtualIds)',
  (recording) => {
    let mock: RunningMock
    beforeAll(async () => {
      mock = await startMock([], recording.virtualIds)
    })
    afterAll(() => mock?.close())

    it('answers every recorded request with the recorded status, content type and body shape', async () => {
      const recorded = read<Har>(recording.har)
      const allowList = read<AllowedDifference[]>(recording.allow)
      const results = await replay(recorded, { baseUrl: mock.url, accounts: ACCOUNTS })
      expect(results.length).toBe(recorded.log.entries.length)
      expect(results.filter((r) => r.skipped).map((r) => `${r.url}: ${r.skipped}`)).toEqual([])
      const unexplained = results.flatMap((r) =>
        r.differences
          .filter((d) => !allowed(allowList, r, d))
          .map((d) => `#${r.index} ${r.method} ${r.url} ${d.field} ${d.path ?? ''} ${d.detail}`),
      )
      expect(unexplained).toEqual([])
    }, 240_000)
  },
)

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
