/**
 * The container recipe (Dockerfile): it cannot be built here (no Docker engine), so this checks what it
 * says (node:20-slim, a non-root user, the /data volume, port 8000) and runs the command it runs (its
 * ENTRYPOINT and CMD) on this checkout: the mock on 0.0.0.0 with its state in a data dir. The port is
 * the one change: 0 (a free one) instead of 8000, as every test here.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'

const ROOT = join(import.meta.dirname, '..', '..')
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
const instruction = (name: string) =>
  [...dockerfile.matchAll(new RegExp(`^${name} (.+)$`, 'gm'))].map((m) => m[1]!)
const dataDir = mkdtempSync(join(tmpdir(), 'docker-data-'))
let child: ChildProcess | undefined
afterAll(() => {
  child?.kill('SIGTERM')
  rmSync(dataDir, { recursive: true, force: true })
})

test('node:20-slim based, runs as the non-root node user, /data a volume, port 8000', () => {
  expect(instruction('FROM').at(-1)).toBe('node:20-slim')
  expect(instruction('USER')).toEqual(['node'])
  expect(instruction('VOLUME')).toEqual(['/data'])
  expect(instruction('EXPOSE')).toEqual(['8000'])
})

test('its command serves the mock on 0.0.0.0 with its state in the data dir', {
  timeout: 60_000,
}, async () => {
  const entrypoint = JSON.parse(instruction('ENTRYPOINT')[0]!) as string[]
  const cmd = JSON.parse(instruction('CMD')[0]!) as string[]
  expect(entrypoint).toEqual(['seafile-conformance'])
  expect(cmd).toEqual(['mock', '--host', '0.0.0.0', '--port', '8000', '--data-dir', '/data'])
  const args = cmd.map((a) => (a === '8000' ? '0' : a === '/data' ? dataDir : a))
  child = spawn(process.execPath, [join(ROOT, 'bin', 'seafile-conformance.mjs'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SEAFILE_MOCK_SEED: '', SEAFILE_MOCK_HOST: '', SEAFILE_MOCK_DATA_DIR: '' },
  })
  let out = ''
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString()
  })
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString()
  })
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /listening on http:\/\/0\.0\.0\.0:(\d+)/.exec(out)
      if (m) {
        clearInterval(timer)
        resolve(m[1]!)
      }
    }, 100)
    child!.once('exit', (code) => {
      clearInterval(timer)
      reject(new Error(`exited ${code}: ${out}`))
    })
  })
  expect(out).toContain(`state:    ${dataDir}`)
  const info = await fetch(`http://127.0.0.1:${port}/api2/server-info/`)
  expect(((await info.json()) as { version: string }).version).toMatch(/^\d+\./)
  expect(readdirSync(dataDir).length).toBeGreaterThan(0)
})
