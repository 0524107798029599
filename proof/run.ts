/**
 * The broken-server proof: runs the conformance suite against the unbroken mock (must pass) and against
 * every variant in variants.ts behind the fault-injecting proxy (each must fail). Writes
 * reports/proof.json and exits 1 if any variant slipped through or the clean run failed.
 *
 *   npx tsx proof/run.ts [--only NAME[,NAME]] [--jobs N (default PROOF_JOBS or 2)]
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMockServer } from '../mock/index.ts'
import { startProxy, type Variant } from './proxy.ts'
import { filesFor, type ListedTest, listTests, runSuite, suiteEnv } from './suiteRun.ts'
import { VARIANTS } from './variants.ts'

const ROOT = join(import.meta.dirname, '..')

interface Outcome {
  variant: string
  breaks: string
  grep: string
  exitCode: number
  /** Tests that ran, and how many of them failed. */
  ran: number
  failed: number
  caught: boolean
  seconds: number
}

async function runOne(
  upstream: string,
  variant: Variant | undefined,
  tests: ListedTest[],
  workDir: string,
): Promise<Outcome> {
  const proxy = await startProxy(upstream, variant)
  const started = Date.now()
  try {
    const name = variant?.name ?? 'unbroken'
    const env = suiteEnv(proxy.url, join(workDir, name), join(workDir, 'openapi.json'), variant?.level)
    const files = variant?.grep ? filesFor(tests, variant.grep) : undefined
    const run = await runSuite(env, variant?.grep, files, join(workDir, `${name}.json`))
    if (process.env.PROOF_VERBOSE) console.log(run.output)
    return {
      variant: name,
      breaks: variant?.breaks ?? '(nothing)',
      grep: variant?.grep ?? '(all)',
      exitCode: run.exitCode,
      ran: run.ran,
      failed: run.failed,
      // A variant is caught when one of its tests failed; a grep that selects nothing proves nothing.
      caught: variant ? run.failed > 0 : run.exitCode === 0 && run.ran > 0,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    }
  } finally {
    await proxy.close()
  }
}

const onlyArg = process.argv.indexOf('--only')
const only = onlyArg > 0 ? new Set(process.argv[onlyArg + 1]?.split(',')) : undefined
const selected = VARIANTS.filter((v) => !only || only.has(v.name))
const jobsArg = process.argv.indexOf('--jobs')
/**
 * Variants run in parallel lanes, each with its own mock (no lane sees another's libraries); a suite run
 * waits on process start-up and sockets much of the time, so two lanes fit two cores.
 */
const jobs = Math.max(1, Number(jobsArg > 0 ? process.argv[jobsArg + 1] : (process.env.PROOF_JOBS ?? 2)) || 1)
const workDir = mkdtempSync(join(tmpdir(), 'seafile-proof-'))
const outcomes: Outcome[] = []
const report = (outcome: Outcome) => {
  console.log(
    `${outcome.caught ? 'caught ' : 'MISSED '} ${outcome.variant.padEnd(26)} ${outcome.failed}/${outcome.ran} failed  ${outcome.seconds}s  (${outcome.breaks})`,
  )
  outcomes.push(outcome)
}
/** `variant` left out: the unbroken run. */
const queue: { variant?: Variant }[] = [
  ...(!only || only.has('unbroken') ? [{}] : []),
  ...selected.map((variant) => ({ variant })),
]
const started = Date.now()
// Listed once for all variants: each run then loads only the spec files that hold its tests.
const tests = await listTests(
  // At strict, so that the list holds the strict-only tests a strict variant greps too.
  suiteEnv('http://127.0.0.1:9', join(workDir, 'list'), join(workDir, 'openapi.json'), 'strict'),
  join(workDir, 'list.json'),
)
async function lane(): Promise<void> {
  const mock = await createMockServer()
  const server = await mock.listen(0, '127.0.0.1')
  try {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const outcome = await runOne(server.url, job.variant, tests, workDir)
      if (job.variant) report(outcome)
      else outcomes.push(outcome)
    }
  } finally {
    await server.close()
    await mock.close()
  }
}
await Promise.all(Array.from({ length: Math.min(jobs, Math.max(queue.length, 1)) }, () => lane()))
console.log(`proof: ${Math.round((Date.now() - started) / 1000)} s in ${jobs} lane(s)`)
const clean = outcomes.find((o) => o.variant === 'unbroken')
if (clean)
  console.log(
    `${clean.caught ? 'passed ' : 'FAILED '} unbroken mock: ${clean.ran} tests, ${clean.failed} failed, exit ${clean.exitCode}  ${clean.seconds}s`,
  )
const variants = outcomes.filter((o) => o.variant !== 'unbroken')
const caught = variants.filter((o) => o.caught).length
console.log(`broken-server proof: ${caught}/${variants.length} variants caught`)
mkdirSync(join(ROOT, 'reports'), { recursive: true })
writeFileSync(
  join(ROOT, 'reports', 'proof.json'),
  JSON.stringify({ caught, total: variants.length, outcomes }, null, 2),
)
process.exit(outcomes.every((o) => o.caught) ? 0 : 1)
