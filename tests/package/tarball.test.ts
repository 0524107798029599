/**
 * The package others depend on (issue #22, beyond the anchors): `npm pack` gives a tarball a separate
 * project installs, and there `npx seafile-conformance mock`, `test --target` and `load` work, and
 * `seafile-conformance/msw` and `seafile-conformance` import in plain ESM and type-check in TypeScript
 * (exports point at compiled .js with .d.ts beside them).
 *
 * Packed from a copy of the sources (npm pack runs the build, which must not rewrite this checkout's dist/
 * while other tests run the bin), installed with --prefer-offline (npm's cache; the registry for what it
 * lacks). Minutes, not seconds: pack (~30 s with the declarations), install, tsc.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

const require = createRequire(import.meta.url)

const ROOT = join(import.meta.dirname, '..', '..')
const SOURCES = ['package.json', 'bin', 'scripts', 'tsconfig.json', 'tsconfig.build.json', 'README.md']
  .concat(['seafile-conformance.example.yaml', 'cli', 'mock', 'load', 'spec', 'suites', 'report'])
  .concat(['fixtures'])
const work = mkdtempSync(join(tmpdir(), 'package-'))
const app = join(work, 'app')
const children: ChildProcess[] = []

/** Runs a command without blocking this worker (vitest talks to it meanwhile); its stdout, or an error. */
function sh(command: string, args: string[], cwd: string, timeout = 300_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, FORCE_COLOR: '0' } })
    const timer = setTimeout(() => child.kill('SIGTERM'), timeout)
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
    })
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString()
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      if (code === 0) resolve(out)
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${out}\n${err}`.slice(-4000)))
    })
  })
}
const npx = (...args: string[]) => sh('npx', ['--no-install', 'seafile-conformance', ...args], app)

beforeAll(async () => {
  const src = join(work, 'src')
  mkdirSync(src)
  for (const entry of SOURCES) cpSync(join(ROOT, entry), join(src, entry), { recursive: true })
  symlinkSync(join(ROOT, 'node_modules'), join(src, 'node_modules'))
  await sh('npm', ['pack', '--pack-destination', work], src)
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!
  mkdirSync(app)
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  )
  const msw = (require('../../node_modules/msw/package.json') as { version: string }).version
  const node = (require('../../node_modules/@types/node/package.json') as { version: string }).version
  await sh(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '-D',
      join(work, tarball),
      `msw@${msw}`,
      `@types/node@${node}`,
    ],
    app,
  )
}, 600_000)

afterAll(() => {
  // npx runs the bin in a child of its own: the whole process group goes.
  for (const child of children) if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM')
  rmSync(work, { recursive: true, force: true })
})

describe('the packed package, installed in a separate project', () => {
  test('ships compiled JavaScript and declarations, no TypeScript sources', () => {
    const pkg = join(app, 'node_modules', 'seafile-conformance')
    const files = readdirSync(pkg, { recursive: true, encoding: 'utf8' })
    expect(files).toContain(join('dist', 'mock', 'msw.js'))
    expect(files).toContain(join('dist', 'types', 'mock', 'msw.d.ts'))
    expect(files).toContain(join('dist', 'suites', 'playwright.config.js'))
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([])
  })

  test('plain ESM: the msw handlers answer with the mock, the library serves in process', async () => {
    writeFileSync(
      join(app, 'esm.mjs'),
      `import { setupServer } from 'msw/node'
import { handlers } from 'seafile-conformance/msw'
import { createMockServer } from 'seafile-conformance'
const server = setupServer(...handlers)
server.listen({ onUnhandledRequest: 'error' })
const pong = await (await fetch('http://seafile.mock/api2/ping/')).json()
const login = await fetch('http://seafile.mock/api2/auth-token/', { method: 'POST', body: new URLSearchParams({ username: 'user@example.com', password: 'user' }) })
const { token } = await login.json()
const repos = await (await fetch('http://seafile.mock/api2/repos/', { headers: { Authorization: 'Token ' + token } })).json()
server.close()
const mock = await createMockServer()
const info = await (await mock.request('/api2/server-info/')).json()
await mock.close()
console.log(JSON.stringify({ pong, repos: repos.length > 0, version: typeof info.version }))
`,
    )
    expect(JSON.parse(await sh(process.execPath, ['esm.mjs'], app))).toEqual({
      pong: 'pong',
      repos: true,
      version: 'string',
    })
  })

  test('TypeScript: the exports and their types check (NodeNext, strict, lib declarations checked)', {
    timeout: 300_000,
  }, async () => {
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          types: ['node'],
        },
        files: ['consumer.ts'],
      }),
    )
    writeFileSync(
      join(app, 'consumer.ts'),
      `import { setupServer } from 'msw/node'
import { createSeafileHandlers, handlers, type SeafileHandlersOptions } from 'seafile-conformance/msw'
import { createMockServer, type MockOptions, type MockServer } from 'seafile-conformance'
const options: SeafileHandlersOptions = { baseUrl: 'https://seafile.example.test', mock: { seed: 'default' } }
export const server = setupServer(...handlers, ...createSeafileHandlers(options))
const mockOptions: MockOptions = { port: 0, logLevel: 'warn' }
const mock: MockServer = await createMockServer(mockOptions)
export const status: number = (await mock.request('/api2/ping/')).status
// @ts-expect-error: the options are typed
createSeafileHandlers({ baseUrl: 42 })
`,
    )
    await sh(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], app)
  })

  test('npx seafile-conformance: --version, mock, test --target and load', { timeout: 300_000 }, async () => {
    expect((await npx('--version')).trim()).toMatch(/^\d+\.\d+\.\d+/)
    const mock = spawn(
      'npx',
      ['--no-install', 'seafile-conformance', 'mock', '--port', '0', '--log-level', 'warn'],
      {
        cwd: app,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    )
    children.push(mock)
    let out = ''
    mock.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
    })
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /listening on (http:\/\/\S+)/.exec(out)
        if (m) {
          clearInterval(timer)
          resolve(m[1]!)
        }
      }, 100)
      mock.once('exit', (code) => reject(new Error(`the mock exited ${code}: ${out}`)))
    })
    expect(out).toContain('alice@example.com')
    const login = ['--target', url, '--user', 'user@example.com', '--password', 'user']
    expect(await npx('test', ...login, '--grep', 'library lifecycle')).toMatch(/PASS/)
    expect(await npx('load', ...login, '--duration', '1s', '--connections', '1')).toMatch(
      /wrote reports\/load\.json/,
    )
  })
})
