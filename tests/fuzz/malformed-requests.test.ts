/**
 * 10,000 negative requests generated from the spec (suites/robustness/fuzz) against the mock in process,
 * under a data dir: not one answer ≥ 500, no hang, every error in its family's shape; afterwards the
 * library lists, its files download whole, and the integrity check of the data dir passes.
 *   SEAFILE_FUZZ_RUNS=N SEAFILE_FUZZ_SEED=S npx vitest run tests/fuzz
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { checkDataDir, formatReport } from '../../mock/check/integrity.ts'
import { login, startServer } from '../../mock/testing/harness.ts'
import { loadSpec } from '../../spec/validator.ts'
import { generateCases } from '../../suites/robustness/fuzz/generate.ts'
import { operationsOf } from '../../suites/robustness/fuzz/operations.ts'
import {
  Caller,
  deletionsLast,
  formatFailures,
  libraryProblems,
  prepareContext,
  runCases,
} from '../../suites/robustness/fuzz/run.ts'
import { fuzzSettings } from '../../suites/robustness/fuzz/settings.ts'
import { IN_PROCESS_BASE, inProcessTransport } from './inProcess.ts'

const settings = fuzzSettings(process.env, { runs: 10_000 })

describe('malformed requests against the mock', () => {
  test(`${settings.runs} generated negative requests: no 5xx, no hang, errors in shape, data intact`, {
    timeout: 600_000,
  }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mock-fuzz-'))
    const server = await startServer({ dataDir })
    const client = await login(server)
    const transport = inProcessTransport(server.fetch)
    const caller = new Caller(transport, client.token)
    const { repo_id } = await caller.json<{ repo_id: string }>('POST', '/api2/repos/', {
      form: { name: 'fuzz' },
    })
    const doc = loadSpec()
    const operations = operationsOf(doc)
    // The cases aim at `repo_id`; the witness library, never named by them, must come through untouched.
    const witness = await caller.json<{ repo_id: string }>('POST', '/api2/repos/', {
      form: { name: 'witness' },
    })
    await prepareContext(caller, witness.repo_id, { links: false })
    const context = await prepareContext(caller, repo_id)
    const { cases, skipped } = generateCases({
      doc,
      operations,
      context,
      seed: settings.seed,
      count: settings.runs,
      avoidServerErrors: true,
    })
    const byLabel = new Map(operations.map((op) => [op.label, op.statuses]))
    const summary = await runCases({
      transport,
      cases: deletionsLast(
        settings.only === undefined ? cases : cases.filter((c) => c.index === settings.only),
      ),
      level: 'strict',
      documented: (label) => byLabel.get(label) ?? [],
      timeoutMs: settings.timeoutMs,
      concurrency: 8,
    })
    console.log(
      `fuzz: ${summary.outcomes.length} malformed requests (seed ${settings.seed}) in ${(summary.elapsedMs / 1000).toFixed(1)} s: ` +
        `${summary.serverErrors} answers ≥ 500, ${summary.failures.length} wrong answers, ${summary.unsendable} unsendable, ` +
        `${operations.length - skipped.length}/${operations.length} operations`,
    )
    expect(
      summary.failures.length,
      formatFailures(summary.failures, settings.seed, IN_PROCESS_BASE, 40),
    ).toBe(0)
    expect(summary.serverErrors).toBe(0)
    expect(summary.outcomes.length).toBe(settings.only === undefined ? settings.runs : 1)
    // Still running: it answers, the library lists, and nothing half-written is visible.
    expect((await server.request('/api2/ping/')).status).toBe(200)
    expect(await libraryProblems(caller, witness.repo_id)).toEqual([])
    expect(await libraryProblems(caller, repo_id, { touched: true })).toEqual([])
    await server.close()
    const report = await checkDataDir(dataDir)
    expect(report.problems, formatReport(report)).toEqual([])
  })
})
