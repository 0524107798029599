/**
 * `seafile-conformance mock` as a newcomer meets it (issue #22, points 3, 4, 9): it starts from the
 * `default` seed and logs each request unless told otherwise; its banner lists every account and /docs/;
 * `--config FILE` sets options below flags and the environment; an unknown flag points to --help.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { mockOptions, parseMockArgs } from '../../cli/commands/mock.ts'

const ROOT = join(import.meta.dirname, '..', '..')
const dir = mkdtempSync(join(tmpdir(), 'mock-config-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function configFile(text: string): string {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`)
  writeFileSync(file, text)
  return file
}

describe('mock options of the command', () => {
  test('the default seed and an info log, unless a flag or the environment says otherwise', async () => {
    expect(await mockOptions([], {})).toMatchObject({ seed: 'default', logLevel: 'info' })
    expect(await mockOptions(['--seed', 'empty', '--log-level', 'silent'], {})).toMatchObject({
      seed: 'empty',
      logLevel: 'silent',
    })
    const fromEnv = await mockOptions([], { SEAFILE_MOCK_SEED: 'empty', SEAFILE_MOCK_LOG_LEVEL: 'warn' })
    expect(fromEnv.seed).toBeUndefined()
    expect(fromEnv.logLevel).toBeUndefined()
  })

  test('--config: flag names (or option keys), its mock: section; flags > environment > file', async () => {
    const file = configFile(
      'mock:\n  port: 0\n  seed: empty\n  log-format: json\n  resumableStrict: true\n  admin: false\n  fault: ["/api2/ping/:status=503"]\n',
    )
    expect(await mockOptions(['--config', file], {})).toMatchObject({
      port: 0,
      seed: 'empty',
      logFormat: 'json',
      resumableStrict: true,
      adminApi: false,
      faults: ['/api2/ping/:status=503'],
      logLevel: 'info',
    })
    const over = await mockOptions([`--config=${file}`, '--seed', 'default', '--admin'], {
      SEAFILE_MOCK_LOG_FORMAT: 'text',
    })
    expect(over).toMatchObject({ seed: 'default', adminApi: true })
    expect(over.logFormat).toBeUndefined()
    const whole = configFile('port: 9\nhost: 0.0.0.0\n')
    expect(await mockOptions(['--config', whole], {})).toMatchObject({ port: 9, host: '0.0.0.0' })
  })

  test('one-line errors: an unknown key names the file, an unknown flag points to --help', async () => {
    await expect(mockOptions(['--config', configFile('mock:\n  colour: red\n')], {})).rejects.toThrow(
      /^mock: config file .*: unknown setting "colour"$/,
    )
    await expect(mockOptions(['--config', join(dir, 'missing.yaml')], {})).rejects.toThrow(
      /^mock: config file/,
    )
    expect(() => parseMockArgs(['--colour'])).toThrow(/see seafile-conformance mock --help/)
  })
})

describe('seafile-conformance mock, as a process', () => {
  let child: ChildProcess | undefined
  afterAll(() => {
    child?.kill('SIGTERM')
  })

  test('a seeded mock: banner with accounts and /docs/, libraries to list, a log line per request', {
    timeout: 60_000,
  }, async () => {
    child = spawn(process.execPath, [join(ROOT, 'bin', 'seafile-conformance.mjs'), 'mock', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SEAFILE_MOCK_SEED: '', SEAFILE_MOCK_LOG_LEVEL: '' },
    })
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
    })
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString()
    })
    const until = (re: RegExp) =>
      new Promise<RegExpExecArray>((resolve, reject) => {
        const timer = setInterval(() => {
          const m = re.exec(out)
          if (m) {
            clearInterval(timer)
            resolve(m)
          }
        }, 50)
        child!.once('exit', (code) => {
          clearInterval(timer)
          reject(new Error(`exited ${code}:\n${out}`))
        })
      })
    const url = (await until(/API docs: (http:\/\/\S+)\/docs\//))[1]!
    expect(out).toContain('seed:     default')
    expect(out).toContain('alice@example.com / alice-password')
    expect(out).toContain('admin@example.com / admin (staff)')
    const login = await fetch(`${url}/api2/auth-token/`, {
      method: 'POST',
      body: new URLSearchParams({ username: 'user@example.com', password: 'user' }),
    })
    const { token } = (await login.json()) as { token: string }
    const repos = (await (
      await fetch(`${url}/api2/repos/`, { headers: { Authorization: `Token ${token}` } })
    ).json()) as unknown[]
    expect(repos.length).toBeGreaterThan(0)
    await (await fetch(`${url}/api2/repos/`)).arrayBuffer()
    await until(/WARN {2}GET \/api2\/repos\/ → 403 [\d.]+ ms: Authentication credentials were not provided\./)
    expect(out).toMatch(/INFO {2}POST \/api2\/auth-token\/ → 200 [\d.]+ ms/)
  })
})
