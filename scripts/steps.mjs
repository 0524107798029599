#!/usr/bin/env node
// Runs npm scripts one after another, each whatever the others did, so one failure never hides the rest's
// results; prints each step's verdict and time, and exits 1 when any step failed.
//   node scripts/steps.mjs spec:check lint typecheck test:unit test:suite
import { spawnSync } from 'node:child_process'

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const results = []
for (const script of process.argv.slice(2)) {
  const started = performance.now()
  const { status } = spawnSync(npm, ['run', '--silent', script], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  })
  results.push({ script, ok: status === 0, seconds: Math.round((performance.now() - started) / 1000) })
}
console.log('\nsteps:')
for (const r of results) console.log(`  ${r.ok ? 'ok    ' : 'FAILED'} ${r.script.padEnd(12)} ${r.seconds} s`)
process.exit(results.every((r) => r.ok) ? 0 : 1)
