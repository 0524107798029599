/**
 * The CLI starts nothing a command does not need (issue #22, point 1): the static imports of its entry and
 * of each command module leave out the mock, Playwright and the load generator (they are imported inside
 * `run`); `--help`, `--version` and usage errors answer from the compiled bin; `test --list` starts no mock;
 * bin/ runs dist/ only while it is the build of the sources beside it. Speed itself is measured, not asserted.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build, type Metafile } from 'esbuild'
import { describe, expect, test } from 'vitest'
import { distIsCurrent } from '../../bin/freshness.mjs'

const ROOT = join(import.meta.dirname, '..', '..')
const BIN = join(ROOT, 'bin', 'seafile-conformance.mjs')
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 })

/** The sources an entry loads before any dynamic import(): its static import closure. */
async function staticClosure(entry: string): Promise<string[]> {
  const { metafile } = await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    outdir: 'out',
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  const outputs = (metafile as Metafile).outputs
  const seen = new Set<string>()
  const visit = (out: string) => {
    if (seen.has(out)) return
    seen.add(out)
    for (const i of outputs[out]!.imports) if (i.kind === 'import-statement' && !i.external) visit(i.path)
  }
  visit(Object.keys(outputs).find((o) => outputs[o]!.entryPoint === entry)!)
  return [...seen].flatMap((o) => Object.keys(outputs[o]!.inputs))
}

describe('the CLI starts only what a command needs', () => {
  test.each([
    ['cli/main.ts', /^(cli|spec)\//],
    ['cli/commands/mock.ts', /^(cli|spec)\//],
    ['cli/commands/load.ts', /^(cli|spec)\//],
  ])('%s statically imports no mock, Playwright or load generator', async (entry, allowed) => {
    const inputs = await staticClosure(entry)
    expect(inputs.filter((f) => !allowed.test(f) || f.includes('node_modules'))).toEqual([])
  })

  test('cli/commands/test.ts statically imports neither the mock nor Playwright', async () => {
    const inputs = await staticClosure('cli/commands/test.ts')
    expect(inputs.filter((f) => /^(mock|load)\/|@playwright|hono/.test(f))).toEqual([])
  })

  test.each([['--version'], ['-V'], ['version']])('%s prints the package version', (flag) => {
    const run = cli(flag)
    expect(run.stdout.trim()).toBe(VERSION)
    expect(run.status).toBe(0)
  })

  test('--help lists the commands and --version; no command is a usage error', () => {
    const help = cli('--help')
    expect(help.status).toBe(0)
    expect(help.stdout).toMatch(/^ {2}mock /m)
    expect(help.stdout).toContain('--version')
    expect(cli().status).toBe(2)
    expect(cli('nonsense').status).toBe(2)
  })

  test('test --list lists the suites without starting the embedded mock', () => {
    const run = cli('test', '--list', '--grep', 'library lifecycle')
    expect(run.stdout).not.toContain('embedded mock')
    expect(run.stdout).toMatch(/Total: 1 test in 1 file/)
    expect(run.status).toBe(0)
  })
})

describe('bin/ runs dist/ only while it is current', () => {
  const make = () => {
    const root = mkdtempSync(join(tmpdir(), 'freshness-'))
    mkdirSync(join(root, 'dist', 'cli'), { recursive: true })
    mkdirSync(join(root, 'src'))
    mkdirSync(join(root, 'cli'))
    writeFileSync(join(root, 'cli', 'main.ts'), '')
    writeFileSync(join(root, 'src', 'a.ts'), '')
    writeFileSync(join(root, 'dist', 'cli', 'main.js'), '')
    writeFileSync(join(root, 'dist', 'inputs.json'), JSON.stringify(['src/a.ts', 'src/']))
    const past = new Date(Date.now() - 60_000)
    const built = new Date(Date.now() - 30_000)
    utimesSync(join(root, 'src', 'a.ts'), past, past)
    utimesSync(join(root, 'src'), past, past)
    utimesSync(join(root, 'dist', 'inputs.json'), built, built)
    return { root, url: pathToFileURL(`${root}/`) }
  }

  test('current after a build, stale after a source changes or a file is added', () => {
    const { root, url } = make()
    try {
      expect(distIsCurrent(url)).toBe(true)
      writeFileSync(join(root, 'src', 'a.ts'), 'changed')
      expect(distIsCurrent(url)).toBe(false)
    } finally {
      rmSync(root, { recursive: true })
    }
    const added = make()
    try {
      writeFileSync(join(added.root, 'src', 'b.ts'), '')
      expect(distIsCurrent(added.url)).toBe(false)
    } finally {
      rmSync(added.root, { recursive: true })
    }
  })

  test('the published package (dist/ without sources) is current; no dist/ is not', () => {
    const { root, url } = make()
    try {
      rmSync(join(root, 'cli'), { recursive: true })
      // Folders the package ships (spec/, load/) are as new as the install.
      writeFileSync(join(root, 'src', 'a.ts'), 'newer')
      expect(distIsCurrent(url)).toBe(true)
      rmSync(join(root, 'dist'), { recursive: true })
      expect(distIsCurrent(url)).toBe(false)
    } finally {
      rmSync(root, { recursive: true })
    }
  })
})
