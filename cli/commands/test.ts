/**
 * `seafile-conformance test`: resolves the configuration (flags > SEAFILE_* env > YAML file > defaults),
 * starts the embedded mock when no target is given, checks the target and the accounts, runs the
 * Playwright conformance suites in a child process (settings passed as SEAFILE_* env vars), prints the
 * summary and exits 0 only when nothing new failed.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve as resolvePath } from 'node:path'
import { parseArgs } from 'node:util'
import { formatSummary } from '../../reports/printSummary.ts'
import type { ConformanceReport } from '../../reports/summary.ts'
import {
  CONFIG_FILE_ENV,
  type Config,
  ConfigError,
  FEATURES,
  resolveConfig,
  SETTINGS,
  toEnv,
} from '../../suites/config.ts'
import { mergeRecording, resetRecording } from '../../suites/har/recorder.ts'
import { runPaths } from '../../suites/paths.ts'
import { PreflightError, preflight } from '../../suites/preflight.ts'
import { UserError } from '../userError.ts'

const ROOT = join(import.meta.dirname, '..', '..')
const PLAYWRIGHT_CONFIG = join(ROOT, 'suites', 'playwright.config.ts')

/** The embedded mock's accounts (mock/index.ts seeds them). */
const MOCK_ACCOUNTS = {
  user: 'user@example.com',
  password: 'user',
  user2: 'user2@example.com',
  password2: 'user2',
  adminUser: 'admin@example.com',
  adminPassword: 'admin',
}

export const help = [
  'Usage: seafile-conformance test [options]',
  '',
  'Runs the conformance suites against a Seafile server (without --target: against the embedded mock).',
  'Every option can also come from its SEAFILE_* environment variable or a YAML file (--config FILE);',
  'precedence: flags > environment > file > defaults.',
  '',
  'Options:',
  ...SETTINGS.map(
    (s) =>
      `  --${`${s.flag} ${s.key === 'target' ? 'URL' : s.secret ? 'SECRET' : 'VALUE'}`.padEnd(26)} ${s.doc} (${s.env})`,
  ),
  `  --${'config FILE'.padEnd(26)} YAML file with the same settings (${CONFIG_FILE_ENV})`,
  `  --${'feature NAME=on|off'.padEnd(26)} force a feature: ${FEATURES.join(', ')} (SEAFILE_FEATURE_<NAME>)`,
  `  --${'list'.padEnd(26)} list the tests without running them`,
  '',
  'Exit status: 0 when no test failed (no new failure with --known-failures), 1 otherwise, 2 on usage errors.',
  'Reports: <reports>/summary.md, conformance.json, junit.xml and playwright/index.html.',
].join('\n')

interface EmbeddedMock {
  url: string
  close(): Promise<void>
}

/** Starts mock/index.ts's server on a free loopback port (`createMockServer().listen(0)`). */
async function startMock(): Promise<EmbeddedMock> {
  let mod: { createMockServer: (o?: unknown) => Promise<MockServer> }
  try {
    mod = (await import(join(ROOT, 'mock', 'index.ts'))) as typeof mod
  } catch (err) {
    throw new UserError(
      `the embedded mock is not available (${(err as Error).message.split('\n')[0]}); pass --target URL`,
    )
  }
  const server = await mod.createMockServer()
  const running = await server.listen(0, '127.0.0.1')
  return {
    url: running.url,
    close: async () => {
      await running.close()
      await server.close?.()
    },
  }
}

interface MockServer {
  listen(port?: number, host?: string): Promise<{ url: string; close(): Promise<void> }>
  close?(): Promise<void>
}

function parseFlags(argv: string[]): Record<string, unknown> {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {
    config: { type: 'string' },
    feature: { type: 'string', multiple: true },
    list: { type: 'boolean' },
  }
  for (const s of SETTINGS) options[s.flag] = { type: 'string' }
  let values: Record<string, unknown>
  try {
    values = parseArgs({ args: argv, options, allowPositionals: false, strict: true }).values
  } catch (err) {
    throw new UserError(`${(err as Error).message} (see seafile-conformance test --help)`)
  }
  for (const f of (values.feature as string[] | undefined) ?? []) {
    const m = /^([a-z]+)=(.+)$/.exec(f)
    if (!m || !FEATURES.includes(m[1] as (typeof FEATURES)[number]))
      throw new UserError(`--feature ${f}: expected NAME=on|off with NAME one of ${FEATURES.join(', ')}`)
    values[`feature-${m[1]}`] = m[2]
  }
  delete values.feature
  return values
}

function resolve(argv: string[]): { config: Config; list: boolean } {
  const flags = parseFlags(argv)
  const list = flags.list === true
  delete flags.list
  try {
    return { config: resolveConfig({ flags, env: process.env }).config, list }
  } catch (err) {
    if (err instanceof ConfigError) throw new UserError(err.message)
    throw err
  }
}

function runPlaywright(config: Config, extraArgs: string[]): Promise<number> {
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli')
  const env: NodeJS.ProcessEnv = { ...process.env, ...toEnv(config) }
  // Everything from the file is already in the resolved config; the child must not re-read a stale copy.
  delete env[CONFIG_FILE_ENV]
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli, 'test', '-c', PLAYWRIGHT_CONFIG, ...extraArgs], {
      cwd: ROOT,
      env,
      stdio: 'inherit',
    })
    child.on('close', (code) => done(code ?? 1))
  })
}

export async function run(argv: string[]): Promise<number> {
  const { config: resolved, list } = resolve(argv)
  let config: Config = { ...resolved, reports: runPaths(resolved).reportsDir }
  if (config.knownFailures && !existsSync(config.knownFailures))
    throw new UserError(`known-failures file ${config.knownFailures} does not exist`)

  let mock: EmbeddedMock | undefined
  if (!config.target) {
    mock = await startMock()
    config = {
      ...MOCK_ACCOUNTS,
      ...Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)),
      target: mock.url,
      profile: config.profile === 'auto' ? 'mock' : config.profile,
    } as Config
    console.log(`seafile-conformance: testing the embedded mock at ${mock.url}`)
  }
  try {
    if (list) return await runPlaywright(config, ['--list'])
    try {
      await preflight(config)
    } catch (err) {
      if (err instanceof PreflightError) throw new UserError(err.message)
      throw err
    }
    const paths = runPaths(config)
    rmSync(paths.conformanceFile, { force: true })
    if (config.record) {
      config = { ...config, record: resolvePath(config.record) }
      resetRecording(config)
    }
    const code = await runPlaywright(config, [])
    if (config.record) {
      const accounts = { user: config.user, user2: config.user2, admin: config.adminUser }
      const n = mergeRecording(config, config.record, accounts as Record<string, string>)
      console.log(`seafile-conformance: recorded ${n} exchanges to ${config.record}`)
    }
    if (!existsSync(paths.conformanceFile)) {
      console.error(`seafile-conformance: the run wrote no report (Playwright exited ${code})`)
      return code || 1
    }
    const report = JSON.parse(readFileSync(paths.conformanceFile, 'utf8')) as ConformanceReport
    const color = process.env.FORCE_COLOR ? process.env.FORCE_COLOR !== '0' : !!process.stdout.isTTY
    console.log(formatSummary(report, paths, color))
    return report.verdict === 'pass' ? 0 : 1
  } finally {
    await mock?.close()
  }
}
