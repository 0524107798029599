/**
 * `seafile-conformance mock --check --data-dir DIR` as a user runs it: the real command in a child process
 * on a data dir the mock wrote, then on copies of it with one thing broken. Exit 0 and a one-line summary
 * when sound; exit 1 and a line per problem naming its kind and the block or object when not; exit 2 and a
 * usage message when DIR is not a mock data dir.
 */
import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { login, putFile, silent, startServer } from '../../mock/testing/harness.ts'

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'seafile-conformance.mjs')

/** Runs the command; its exit code, stdout and stderr. */
async function check(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [BIN, 'mock', '--check', ...args],
      {
        env: { ...process.env, FORCE_COLOR: '0', SEAFILE_MOCK_DATA_DIR: '' },
        timeout: 180_000,
      },
    )
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

let root: string
let sound: string
let fileId: string
const blocks: string[] = []

/** Every `<shard>/<rest>` id stored under `dir/kind` (blocks or fs objects). */
async function stored(dir: string, kind: 'blocks' | 'fs'): Promise<string[]> {
  const ids: string[] = []
  for (const shard of await readdir(join(dir, kind)))
    if (/^[0-9a-f]{2}$/.test(shard))
      for (const rest of await readdir(join(dir, kind, shard))) ids.push(shard + rest)
  return ids
}
const path = (dir: string, kind: 'blocks' | 'fs', id: string) => join(dir, kind, id.slice(0, 2), id.slice(2))

/** A copy of the sound data dir to break. */
async function copy(): Promise<string> {
  const dir = await mkdtemp(join(root, 'broken-'))
  await cp(sound, dir, { recursive: true })
  return dir
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cli-mock-check-'))
  sound = join(root, 'sound')
  const server = await startServer({ dataDir: sound, ...silent })
  const client = await login(server)
  const { repo_id } = await client.json<{ repo_id: string }>('POST', '/api2/repos/', {
    form: { name: 'cli' },
  })
  await client.call('POST', `/api2/repos/${repo_id}/dir/?p=/docs`, { form: { operation: 'mkdir' } })
  ;({ fileId } = await putFile(server, repo_id, '/docs/a.txt', 'hello world\n'))
  await putFile(server, repo_id, '/b.bin', Buffer.alloc(1000, 7))
  await server.close()
  blocks.push(...(await stored(sound, 'blocks')))
}, 60_000)

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('seafile-conformance mock --check', { timeout: 300_000 }, () => {
  test('exits 0 on a data dir the mock wrote, with a one-line summary', async () => {
    const res = await check('--data-dir', sound)
    expect(res.stdout.trim()).toMatch(
      /^integrity check passed: 2 blocks, \d+ fs objects, 1 libraries, \d+ commits/,
    )
    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
  })

  test('takes the data dir from SEAFILE_MOCK_DATA_DIR too', async () => {
    const res = await promisify(execFile)(process.execPath, [BIN, 'mock', '--check'], {
      env: { ...process.env, SEAFILE_MOCK_DATA_DIR: sound },
    })
    expect(res.stdout).toMatch(/^integrity check passed/)
  })

  test('exits 1 naming the block when one byte of a stored block is flipped', async () => {
    const dir = await copy()
    const id = blocks[0]!
    const bytes = await readFile(path(dir, 'blocks', id))
    bytes[0]! ^= 0x01
    await writeFile(path(dir, 'blocks', id), bytes)
    const res = await check('--data-dir', dir)
    expect(res.code).toBe(1)
    expect(res.stdout).toMatch(/^integrity check FAILED: 1 problem\(s\)/)
    expect(res.stdout).toMatch(new RegExp(`block-hash: .*${id}`))
  })

  test('exits 1 naming the object when a file object is deleted', async () => {
    const dir = await copy()
    await rm(path(dir, 'fs', fileId))
    const res = await check('--data-dir', dir)
    expect(res.code).toBe(1)
    expect(res.stdout).toMatch(/^integrity check FAILED/)
    expect(res.stdout).toMatch(new RegExp(`missing-object: .*${fileId}`))
  })

  test('exits 1 when a block a file needs is deleted', async () => {
    const dir = await copy()
    await rm(path(dir, 'blocks', blocks[1]!))
    const res = await check('--data-dir', dir)
    expect(res.code).toBe(1)
    expect(res.stdout).toMatch(new RegExp(`missing-block: .*${blocks[1]}`))
  })

  test('exits 2 with a usage message without a data dir, on a missing one and on one the mock never used', async () => {
    const none = await check()
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/--check needs --data-dir DIR/)
    const missing = await check('--data-dir', join(root, 'no-such-dir'))
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/no-such-dir/)
    const empty = join(root, 'empty')
    await mkdir(empty)
    const unused = await check('--data-dir', empty)
    expect(unused.code).toBe(2)
    expect(unused.stderr).toMatch(/not a mock data dir/)
  })
})
