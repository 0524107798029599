/**
 * One run of the conformance suite for the proof, at the lowest cost per run: Playwright's own CLI, started
 * directly (not through `seafile-conformance test`, whose tsx start, preflight and summary cost each variant
 * about 1.5 CPU-seconds), with one reporter (JSON: the verdict and how many tests ran; no HTML report), the
 * spec parsed once for every run (SEAFILE_SPEC_CACHE), and only the spec files that hold the variant's
 * tests, so that Playwright loads and compiles those alone.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { resolveConfig, toEnv } from '../suites/config.ts'

const ROOT = join(import.meta.dirname, '..')
const SUITES = join(ROOT, 'suites')
const PLAYWRIGHT_CONFIG = join(SUITES, 'playwright.config.ts')
const PLAYWRIGHT_CLI = createRequire(import.meta.url).resolve('@playwright/test/cli')

/** The embedded mock's accounts (mock/index.ts seeds them); the proxy's upstream is that mock. */
const ACCOUNTS = {
  user: 'user@example.com',
  password: 'user',
  user2: 'user2@example.com',
  password2: 'user2',
  'admin-user': 'admin@example.com',
  'admin-password': 'admin',
}

export interface SuiteOutcome {
  exitCode: number
  /** Tests that ran (passed or failed); 0 means the grep found nothing, which proves nothing. */
  ran: number
  failed: number
}

/** A test as `--list` names it: its spec file and the text Playwright matches `--grep` against. */
export interface ListedTest {
  file: string
  grepTitle: string
}

/** The environment of a Playwright run against `target` writing under `reports`, at `level`. */
export function suiteEnv(
  target: string,
  reports: string,
  specCache: string,
  level: 'core' | 'strict' = 'core',
): NodeJS.ProcessEnv {
  // The upstream is our mock, so its feature profile (resumable upload on) applies behind the proxy too.
  const { config } = resolveConfig({ flags: { ...ACCOUNTS, target, profile: 'mock', reports, level } })
  return { ...process.env, ...toEnv(config), SEAFILE_SPEC_CACHE: specCache, FORCE_COLOR: '0' }
}

function playwright(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [PLAYWRIGHT_CLI, 'test', '-c', PLAYWRIGHT_CONFIG, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    })
    let output = ''
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.on('close', (code) => resolve({ code: code ?? 1, output }))
  })
}

interface JsonSuite {
  title: string
  file: string
  specs?: { title: string; tags: string[]; tests: { projectName: string }[] }[]
  suites?: JsonSuite[]
}

/** Every test of the suite, listed once by Playwright (`--list --reporter=json`). */
export async function listTests(env: NodeJS.ProcessEnv, jsonFile: string): Promise<ListedTest[]> {
  const { code, output } = await playwright(['--list', '--reporter=json'], {
    ...env,
    PLAYWRIGHT_JSON_OUTPUT_FILE: jsonFile,
  })
  if (code !== 0) throw new Error(`listing the suite's tests failed (exit ${code}):\n${output}`)
  const tests: ListedTest[] = []
  // Playwright greps ['', project, file, describe titles…, title, tags…].join(' ') (test._grepTitleWithTags).
  const walk = (suite: JsonSuite, titles: string[]) => {
    for (const spec of suite.specs ?? [])
      for (const test of spec.tests)
        tests.push({
          file: suite.file,
          grepTitle: [
            '',
            test.projectName,
            suite.file,
            ...titles,
            spec.title,
            ...spec.tags.map((t) => `@${t}`),
          ].join(' '),
        })
    for (const child of suite.suites ?? []) walk(child, [...titles, child.title])
  }
  const { suites } = JSON.parse(readFileSync(jsonFile, 'utf8')) as { suites: JsonSuite[] }
  for (const file of suites) walk(file, [])
  return tests
}

/** The spec files (relative to suites/) holding a test the grep matches; undefined when it matches none. */
export function filesFor(tests: ListedTest[], grep: string): string[] | undefined {
  const re = new RegExp(grep)
  const files = [...new Set(tests.filter((t) => re.test(t.grepTitle)).map((t) => t.file))]
  return files.length > 0 ? files : undefined
}

interface JsonReport {
  stats?: { expected: number; unexpected: number; flaky: number }
}

/**
 * Runs the tests the grep selects (all without one), from `files` only when given. A run that found no
 * test with the file filter runs again without it, so a wrong guess of the files costs time, not a verdict.
 */
export async function runSuite(
  env: NodeJS.ProcessEnv,
  grep: string | undefined,
  files: string[] | undefined,
  jsonFile: string,
): Promise<SuiteOutcome & { output: string }> {
  const runEnv = { ...env, PLAYWRIGHT_JSON_OUTPUT_FILE: jsonFile, ...(grep ? { SEAFILE_GREP: grep } : {}) }
  const once = async (only: string[]) => {
    const { code, output } = await playwright(['--reporter=json', ...only], runEnv)
    let stats: JsonReport['stats']
    try {
      stats = (JSON.parse(readFileSync(jsonFile, 'utf8')) as JsonReport).stats
    } catch {
      stats = undefined
    }
    const failed = stats ? stats.unexpected + stats.flaky : 0
    return { exitCode: code, ran: stats ? stats.expected + failed : 0, failed, output }
  }
  const first = await once((files ?? []).map((f) => join(SUITES, f)))
  return first.ran === 0 && files ? once([]) : first
}
