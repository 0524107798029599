/**
 * Negative requests generated from the spec (suites/robustness/fuzz): every operation gets missing and
 * wrong-typed parameters, huge values, path traversal, names over 255 bytes, invalid UTF-8, bad path
 * segments, malformed bodies and multipart, bad Content-Range. The server must answer each with a 4xx in
 * its error shape — never a 5xx beyond the real server's documented ones, never a hang — and afterwards
 * still list the library with every file whole.
 *   SEAFILE_FUZZ_RUNS=N (default 300)  SEAFILE_FUZZ_SEED=S (replay)  SEAFILE_FUZZ_CASE=I (one case)
 */

import { specValidator } from '../client/http.ts'
import { core, expect, strict, test, uniqueName } from '../fixtures.ts'
import { crasherOf } from './fuzz/crashers.ts'
import { generateCases } from './fuzz/generate.ts'
import type { Level } from './fuzz/judge.ts'
import { operationsOf } from './fuzz/operations.ts'
import {
  Caller,
  deletionsLast,
  formatFailures,
  libraryProblems,
  prepareContext,
  runCases,
  specProblemsOf,
} from './fuzz/run.ts'
import { fuzzSettings } from './fuzz/settings.ts'
import { playwrightTransport } from './transport.ts'

const settings = fuzzSettings(process.env, { runs: 300 })
/** New cases stop after this long; the test's own timeout leaves room for the checks after. */
const BUDGET_MS = 150_000

const levels: { level: Level; tag: typeof core; title: string }[] = [
  {
    level: 'core',
    tag: core,
    title: 'get a 4xx in the error shape or a documented real-server 5xx, never a hang',
  },
  {
    level: 'strict',
    tag: strict,
    title: 'get no 5xx at all, and every request missing a required parameter is refused',
  },
]

test.describe('robustness: negative requests @robustness', () => {
  for (const { level, tag, title } of levels) {
    test(
      `${settings.runs} generated malformed requests ${title}; the library still lists`,
      tag,
      async ({ api, repo, request, target }, testInfo) => {
        test.setTimeout(BUDGET_MS + 60_000)
        testInfo.annotations.push({ type: 'fuzz-seed', description: String(settings.seed) })
        const transport = playwrightTransport(request, target.target!)
        const caller = new Caller(transport, api.token!)
        // The cases aim at `repo`; a second library they never name must come through untouched.
        const witness = await test.step('seed a witness library the cases never name', async () => {
          const created = await api.createRepo(uniqueName(testInfo, 'witness'))
          await prepareContext(caller, created.repo_id, { links: false })
          return created.repo_id
        })
        const context = await test.step('seed the target library and collect its links', () =>
          prepareContext(caller, repo.id))
        const doc = specValidator().doc
        const operations = operationsOf(doc)
        const statuses = new Map(operations.map((op) => [op.label, op.statuses]))
        const { cases, skipped } = generateCases({
          doc,
          operations,
          context,
          seed: settings.seed,
          count: settings.runs,
          avoidServerErrors: level === 'strict',
        })
        // Requests known to crash the reference server are withheld at core (crashes.spec.ts sends them).
        const withheld = level === 'core' ? cases.filter((c) => crasherOf(c)) : []
        const sendable = cases.filter((c) => !withheld.includes(c))
        const summary = await test.step(`send ${sendable.length} requests (seed ${settings.seed})`, () =>
          runCases({
            transport,
            cases: deletionsLast(
              settings.only === undefined ? sendable : sendable.filter((c) => c.index === settings.only),
            ),
            level,
            documented: (label) => statuses.get(label) ?? [],
            specProblems: specProblemsOf(specValidator()),
            timeoutMs: settings.timeoutMs,
            concurrency: 4,
            budgetMs: BUDGET_MS,
          }))
        const tolerated = summary.outcomes.filter((o) => o.tolerated)
        await testInfo.attach('negative-requests', {
          contentType: 'application/json',
          body: JSON.stringify(
            {
              seed: settings.seed,
              level,
              sent: summary.outcomes.length,
              notRun: summary.notRun,
              serverErrors: summary.serverErrors,
              tolerated: tolerated.map((o) => `#${o.case.index} ${o.case.operation}: ${o.tolerated}`),
              withheld: withheld.map((c) => `#${c.index} ${c.operation}: ${crasherOf(c)?.finding}`),
              unsendable: summary.unsendable,
              skippedOperations: skipped,
              seconds: summary.elapsedMs / 1000,
              failures: summary.failures.map((f) => ({
                index: f.case.index,
                operation: f.case.operation,
                kind: f.case.kind,
                detail: f.case.detail,
                status: f.status,
                problems: f.problems,
              })),
            },
            null,
            2,
          ),
        })
        expect(summary.failures.length, formatFailures(summary.failures, settings.seed, target.target!)).toBe(
          0,
        )
        expect(summary.notRun, `the time budget ran out with ${summary.notRun} cases unsent`).toBe(0)
        await test.step('the server still answers and the library is whole', async () => {
          const ping = await caller.send('GET', '/api2/ping/', { auth: false })
          expect(ping.status, 'ping after the negative requests').toBe(200)
          expect(await libraryProblems(caller, witness), 'the witness library').toEqual([])
          expect(await libraryProblems(caller, repo.id, { touched: true }), 'the target library').toEqual([])
          await api.deleteRepoRaw(witness)
        })
      },
    )
  }
})
