#!/usr/bin/env node
/**
 * Compiles what the published package runs into dist/ (esbuild, ESM, Node 20): the CLI (`bin`), the
 * library entries (`exports`: the mock and its msw handlers), the load runner's mock process, and the
 * conformance suites with their Playwright config and reporter (Playwright does not compile TypeScript
 * inside node_modules). The source tree's layout is kept (dist/cli/main.js, dist/suites/…), shared code
 * goes to dist/chunks/. dist/inputs.json lists the sources, so bin/ can tell a stale build (bin/freshness.mjs).
 * Runs on `npm install` of a clone (`prepare`) and before `npm pack`; dependencies stay external.
 * `--types` instead writes the declarations of the `exports` to dist/types/ (tsc, tsconfig.build.json; ~10 s,
 * so only `npm pack` runs it, through `prepack`).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'

const ROOT = join(import.meta.dirname, '..')
const OUT = join(ROOT, 'dist')
const TYPES = join(OUT, 'types')

// The published package ships dist/ built and no sources: nothing to build (a tarball install may run
// `prepare` when its install scripts are allowed).
if (!existsSync(join(ROOT, 'cli', 'main.ts'))) process.exit(0)

if (process.argv.includes('--types')) {
  rmSync(TYPES, { recursive: true, force: true })
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' })
  // tsc keeps the sources' `./x.ts` specifiers in declarations; consumers resolve `./x.js` to x.d.ts.
  for (const file of readdirSync(TYPES, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.d.ts')) continue
    const path = join(TYPES, file)
    writeFileSync(path, readFileSync(path, 'utf8').replace(/(from '\.{1,2}\/[^']*)\.ts'/g, "$1.js'"))
  }
  console.log(`dist/types/: declarations of the exports`)
  process.exit(0)
}

const { build } = await import('esbuild')

/** Every `*.spec.ts` under suites/, as paths relative to the root. */
function specs(dir = 'suites') {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? specs(join(dir, e.name)) : e.name.endsWith('.spec.ts') ? [join(dir, e.name)] : [],
  )
}

const entryPoints = [
  'cli/main.ts',
  'mock/index.ts',
  'mock/msw.ts',
  'load/mockProcess.ts',
  'suites/playwright.config.ts',
  'suites/globalSetup.ts',
  'report/conformanceReporter.ts',
  ...specs(),
]

const started = performance.now()
// Everything but the declarations, which `--types` writes (npm pack runs it first, through prepack).
mkdirSync(OUT, { recursive: true })
for (const entry of readdirSync(OUT).filter((name) => name !== 'types'))
  rmSync(join(OUT, entry), { recursive: true })
const result = await build({
  absWorkingDir: ROOT,
  entryPoints,
  outbase: '.',
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
})
const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules'))
// Their folders too: a new file (a new spec) changes its folder's mtime, not any listed file's.
const folders = [...new Set(inputs.map((f) => `${dirname(f)}/`))]
// Written last: its mtime is the build's time for bin/freshness.mjs.
writeFileSync(
  join(OUT, 'inputs.json'),
  `${JSON.stringify([...inputs, ...folders, 'package.json'], null, 1)}\n`,
)
const ms = Math.round(performance.now() - started)
console.log(
  `dist/: ${entryPoints.length} entries from ${inputs.length} sources in ${ms} ms (${relative(process.cwd(), OUT) || '.'})`,
)
