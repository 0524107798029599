/**
 * Every option of the mock (mock/options.ts) can be set by a `seafile-conformance mock` flag, is listed in
 * `mock --help` and in the README's mock section, and reaches the server.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { COMMAND_DEFAULTS, help, OPTION_FLAGS, parseMockArgs } from '../../cli/commands/mock.ts'
import { UserError } from '../../cli/userError.ts'
import { MockOptionsSchema, resolveOptions } from '../../mock/options.ts'

const ROOT = join(import.meta.dirname, '..', '..')
/** Options no flag sets: accounts come from --seed, log is a function. */
const NOT_FLAGS = ['accounts', 'log']
/** The flag a user types for an option: the switch away from the default for a boolean. */
const typed = (name: string) => {
  const f = OPTION_FLAGS[name]!
  if (f.type !== 'boolean') return `--${name}`
  const byDefault =
    COMMAND_DEFAULTS[f.key] ??
    MockOptionsSchema.shape[f.key as keyof typeof MockOptionsSchema.shape].parse(undefined)
  return byDefault ? `--no-${name}` : `--${name}`
}

describe('seafile-conformance mock flags', () => {
  test('every option has a flag', () => {
    const options = Object.keys(MockOptionsSchema.shape).filter((k) => !NOT_FLAGS.includes(k))
    const flagged = Object.values(OPTION_FLAGS).map((f) => f.key)
    expect(flagged.sort()).toEqual(options.sort())
  })

  test('every flag is in --help and in the README mock section', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8')
    const section = readme.slice(readme.indexOf('## Using the mock'), readme.indexOf('## Load testing'))
    for (const name of Object.keys(OPTION_FLAGS)) {
      expect(help, name).toMatch(new RegExp(`^  ${typed(name)}\\b`, 'm'))
      expect(section, name).toContain(typed(name))
    }
  })

  test('parses every flag into its option, and the result resolves', () => {
    const flags = parseMockArgs([
      ...['--port', '0', '--host', '::1', '--data-dir', '/tmp/d', '--seed', 'empty'],
      ...['--public-url', 'https://files.example.com/'],
      ...['--token-ttl', '60', '--max-upload-size', '1048576', '--user-quota', '-1'],
      ...['--no-resumable-upload', '--resumable-strict', '--idx-progress', '--no-multi-tenancy'],
      ...['--no-validate-requests', '--seafile-version', '12.0.3'],
      ...['--cors-origin', 'https://app.example.com,https://b.example.com', '--no-admin'],
      ...['--max-namespaces', '5', '--fault', '/api2/ping/:status=503', '--fault-config', 'f.yaml'],
      ...['--no-fault-header', '--throttle', 'on'],
    ])
    expect(flags).toEqual({
      port: 0,
      host: '::1',
      dataDir: '/tmp/d',
      seed: 'empty',
      publicUrl: 'https://files.example.com/',
      tokenTtl: 60,
      maxUploadSize: 1048576,
      userQuota: -1,
      resumableUpload: false,
      resumableStrict: true,
      idxProgress: true,
      multiTenancy: false,
      validateRequests: false,
      version: '12.0.3',
      corsOrigin: 'https://app.example.com,https://b.example.com',
      adminApi: false,
      maxNamespaces: 5,
      faults: ['/api2/ping/:status=503'],
      faultConfig: 'f.yaml',
      faultHeader: false,
      throttle: 'on',
    })
    expect(resolveOptions(flags, {})).toMatchObject({ ...flags, publicUrl: 'https://files.example.com' })
  })

  test('parses nothing into nothing: the environment and the defaults decide', () => {
    expect(parseMockArgs([])).toEqual({})
    expect(resolveOptions(parseMockArgs([]), { SEAFILE_MOCK_MAX_NAMESPACES: '7' }).maxNamespaces).toBe(7)
  })

  test('a flag wins over its environment variable, a boolean either way', () => {
    const env = { SEAFILE_MOCK_ADMIN: 'false', SEAFILE_RESUMABLE_STRICT: 'true', SEAFILE_TOKEN_TTL: '10' }
    const resolved = resolveOptions(
      parseMockArgs(['--admin', '--no-resumable-strict', '--token-ttl', '20']),
      env,
    )
    expect(resolved).toMatchObject({ adminApi: true, resumableStrict: false, tokenTtl: 20 })
  })

  test('refuses bad values with one-line user errors naming the flag', () => {
    const cases: [string[], string | RegExp][] = [
      [['--token-ttl', '0'], 'mock: --token-ttl must be an integer of at least 1, got "0"'],
      [['--max-namespaces', 'ten'], 'mock: --max-namespaces must be an integer of at least 1, got "ten"'],
      [['--max-upload-size', '-2'], 'mock: --max-upload-size must be an integer of at least -1, got "-2"'],
      [['--user-quota', '1.5'], 'mock: --user-quota must be an integer, got "1.5"'],
      [['--port', '70000'], 'mock: --port must be an integer from 0 to 65535, got "70000"'],
      [['--admin', '--no-admin'], 'mock: --admin and --no-admin contradict each other'],
      [['--cors-origin'], /^mock: Option '--cors-origin <value>' argument missing/],
      [['--no-cors-origin'], /^mock: Unknown option '--no-cors-origin'/],
    ]
    for (const [argv, message] of cases) {
      expect(() => parseMockArgs(argv), argv.join(' ')).toThrow(UserError)
      expect(() => parseMockArgs(argv), argv.join(' ')).toThrow(message)
    }
  })
})

describe('seafile-conformance mock with flags, as a process', () => {
  let child: ChildProcess | undefined
  afterAll(() => {
    child?.kill('SIGTERM')
  })

  test('--no-admin, --cors-origin and --seafile-version reach the server', { timeout: 180_000 }, async () => {
    child = spawn(
      process.execPath,
      [
        join(ROOT, 'bin', 'seafile-conformance.mjs'),
        'mock',
        ...['--port', '0', '--no-admin', '--cors-origin', 'https://app.example.com'],
        ...['--seafile-version', '12.0.3'],
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } },
    )
    let out = ''
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start within 2 minutes:\n${out}`)), 120_000)
      child!.stderr!.on('data', (d: Buffer) => {
        out += d.toString()
      })
      child!.stdout!.on('data', (d: Buffer) => {
        out += d.toString()
        const m = /listening on (http:\/\/\S+)/.exec(out)
        if (m) {
          clearTimeout(timer)
          resolve(m[1]!)
        }
      })
      child!.once('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)))
    })
    const info = await fetch(`${url}/api2/server-info/`, { headers: { Origin: 'https://app.example.com' } })
    expect(info.headers.get('access-control-allow-origin')).toBe('https://app.example.com')
    expect(await info.json()).toMatchObject({ version: '12.0.3' })
    const other = await fetch(`${url}/api2/ping/`, { headers: { Origin: 'https://evil.example.com' } })
    await other.arrayBuffer()
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
    const admin = await fetch(`${url}/__mock__/`)
    await admin.arrayBuffer()
    expect(admin.status).toBe(404)
  })
})
