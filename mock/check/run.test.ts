import { execFile } from 'node:child_process'
import { mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, test } from 'vitest'
import { putFile, startServer } from '../testing/harness.ts'

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'seafile-conformance.mjs')

/** Runs `seafile-conformance mock --check --data-dir DIR`; its exit code and output. */
async function check(dataDir: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [
      BIN,
      'mock',
      '--check',
      '--data-dir',
      dataDir,
    ])
    return { code: 0, out: stdout }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, out: e.stdout + e.stderr }
  }
}

describe('seafile-conformance mock --check', () => {
  test('exits 0 on a sound data dir and 1 once a block is corrupted', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mock-check-cli-'))
    const server = await startServer({ dataDir })
    const repo = await server.seaf.repos.create({ name: 'cli', owner: 'user@example.com' })
    await putFile(server, repo.id, '/a.txt', 'some bytes')
    await server.close()
    const sound = await check(dataDir)
    expect(sound.out).toMatch(/integrity check passed: 1 blocks/)
    expect(sound.code).toBe(0)

    const [shard] = (await readdir(join(dataDir, 'blocks'))).filter((s) => s !== 'tmp')
    const [rest] = await readdir(join(dataDir, 'blocks', shard!))
    await writeFile(join(dataDir, 'blocks', shard!, rest!), 'other bytes')
    const broken = await check(dataDir)
    expect(broken.code).toBe(1)
    expect(broken.out).toMatch(/integrity check FAILED: 1 problem\(s\)[\s\S]*block-hash/)
  })

  test('without a data dir it is a usage error (exit 2)', async () => {
    const res = await check(join(tmpdir(), 'missing-mock-dir-for-check'))
    expect(res.code).toBe(2)
    expect(res.out).toMatch(/--check/)
  })
})
