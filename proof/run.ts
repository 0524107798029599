/**
 * The broken-server proof: runs the conformance suite against the unbroken mock (must pass) and against
 * every variant in variants.ts behind the fault-injecting proxy (each must fail). Writes
 * reports/proof.json and exits 1 if any variant slipped through or the clean run failed.
 *
 *   npx tsx proof/run.ts [--only NAME[,NAME]] [--jobs N (default PROOF_JOBS or 2)]
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMockServer } from '../mock/index.ts'
import { startProxy, type Variant } from './proxy.ts'
import { VARIANTS } from './variants.ts'

const ROOT = join(import.meta.dirname, '..')
const BIN = join(ROOT, 'bin', 'seafile-conformance.mjs')

interface Outcome {
  variant: string
  breaks: string
  grep: string
  exitCode: number
  caught: boolean
  seconds: number
}

function runSuite(
  target: string,
  grep: string | undefined,
  reports: string,
  level = 'core',
): Promise<number> {
  const args = [
    BIN,
    'test',
    '--target',
    target,
    '--user',
    'user@example.com',
    '--password',
    'user',
    '--user2',
    'user2@example.com',
    '--password2',
    'user2',
    '--admin-user',
    'admin@example.com',
    '--admin-password',
    'admin',
    // The upstream is our mock, so its feature profile (resumable upload on) applies behind the proxy too.
    '--profile',
    'mock',
    '--reports',
    reports,
    '--level',
    level,
  ]
  if (grep) args.push('--grep', grep)
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0' },
    })
    let tail = ''
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-4000)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.on('close', (code) => {
      if (process.env.PROOF_VERBOSE) console.log(tail)
      resolve(code ?? 1)
    })
  })
}

async function runOne(upstream: string, variant: Variant | undefined, workDir: string): Promise<Outcome> {
  const proxy = await startProxy(upstream, variant)
  const started = Date.now()
  try {
    const name = variant?.name ?? 'unbroken'
    const exitCode = await runSuite(proxy.url, variant?.grep, join(workDir, name), variant?.level)
    return {
      variant: name,
      breaks: variant?.breaks ?? '(nothing)',
      grep: variant?.grep ?? '(all)',
      exitCode,
      caught: variant ? exitCode !== 0 : exitCode === 0,
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
    `${outcome.caught ? 'caught ' : 'MISSED '} ${outcome.variant.padEnd(26)} exit ${outcome.exitCode}  ${outcome.seconds}s  (${outcome.breaks})`,
  )
  outcomes.push(outcome)
}
/** `variant` left out: the unbroken run. */
const queue: { variant?: Variant }[] = [
  ...(!only || only.has('unbroken') ? [{}] : []),
  ...selected.map((variant) => ({ variant })),
]
const started = Date.now()
async function lane(): Promise<void> {
  const mock = await createMockServer()
  const server = await mock.listen(0, '127.0.0.1')
  try {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const outcome = await runOne(server.url, job.variant, workDir)
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
    `${clean.caught ? 'passed ' : 'FAILED '} unbroken mock: exit ${clean.exitCode}  ${clean.seconds}s`,
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
