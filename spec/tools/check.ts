/**
 * `npm run spec:check`: the spec is bundled and fresh, covers the documented checklist, passes Redocly's
 * lint, every example validates against its schema, and the generated types are up to date.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadSpec } from '../validator.ts'
import { bundleSpec, renderSpec } from './bundle.ts'
import { validateExamples } from './validateExamples.ts'

const ROOT = join(import.meta.dirname, '..', '..')
const failures: string[] = []
const step = (name: string, ok: boolean, detail = '') => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`)
  if (!ok) failures.push(name)
}

const bundled = renderSpec(bundleSpec())
step(
  'spec/openapi.yaml is bundled from spec/src',
  readFileSync(join(ROOT, 'spec/openapi.yaml'), 'utf8') === bundled,
  'run `npm run spec:types` if stale',
)

const coverageTool = join(ROOT, '..', 'shared', 'tools', 'spec-coverage.mjs')
if (existsSync(coverageTool)) {
  const cov = spawnSync(process.execPath, [coverageTool], { cwd: ROOT, encoding: 'utf8' })
  const last = cov.stdout.trim().split('\n').at(-1) ?? ''
  step('coverage of ../shared/operations.tsv', cov.status === 0, last)
  if (cov.status !== 0) console.log(cov.stdout)
} else console.log('skip coverage: ../shared/tools/spec-coverage.mjs not found')

const lint = spawnSync('npx', ['redocly', 'lint', 'spec/openapi.yaml', '--format', 'summary'], {
  cwd: ROOT,
  encoding: 'utf8',
})
step(
  'redocly lint has no errors',
  lint.status === 0,
  (lint.stdout + lint.stderr)
    .trim()
    .split('\n')
    .filter((l) => /error|warning/i.test(l))
    .slice(-3)
    .join(' | '),
)
if (lint.status !== 0) console.log(lint.stdout, lint.stderr)

const { checked, problems } = validateExamples(loadSpec())
step(`examples validate against their schemas (${checked} checked)`, problems.length === 0)
for (const p of problems) console.log(`  ${p.where}: ${p.message}`)

const generated = execFileSync('npx', ['openapi-typescript', 'spec/openapi.yaml'], {
  cwd: ROOT,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'ignore'],
})
const typesFile = join(ROOT, 'spec/generated/openapi.d.ts')
step(
  'spec/generated/openapi.d.ts is up to date',
  existsSync(typesFile) && readFileSync(typesFile, 'utf8') === generated,
  'run `npm run spec:types`',
)

if (failures.length) {
  console.log(`spec check failed: ${failures.join('; ')}`)
  process.exit(1)
}
console.log('spec check passed')
