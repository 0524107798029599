import { appendFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { login, putFile, startServer } from '../testing/harness.ts'
import { checkDataDir, formatReport } from './integrity.ts'

/** A data dir holding one library with a nested folder, two files (one of two blocks) and a deletion. */
async function populatedDataDir(): Promise<{ dataDir: string; blockIds: string[]; fileId: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mock-check-'))
  const server = await startServer({ dataDir })
  const client = await login(server)
  const { repo_id } = await client.json<{ repo_id: string }>('POST', '/api2/repos/', {
    form: { name: 'chk' },
  })
  await client.call('POST', `/api2/repos/${repo_id}/dir/?p=/docs`, { form: { operation: 'mkdir' } })
  const { fileId } = await putFile(server, repo_id, '/docs/a.txt', 'hello world\n')
  await putFile(server, repo_id, '/big.bin', Buffer.alloc(8 * 1024 * 1024 + 5, 3))
  await putFile(server, repo_id, '/gone.txt', 'bye')
  await client.call('DELETE', `/api2/repos/${repo_id}/file/?p=/gone.txt`)
  await server.close()
  const blockIds: string[] = []
  for (const shard of await readdir(join(dataDir, 'blocks')))
    if (shard !== 'tmp')
      for (const rest of await readdir(join(dataDir, 'blocks', shard))) blockIds.push(shard + rest)
  return { dataDir, blockIds, fileId }
}

const blockPath = (dataDir: string, id: string) => join(dataDir, 'blocks', id.slice(0, 2), id.slice(2))

describe('integrity check', () => {
  test('passes on a data dir the mock wrote, counting blocks, objects, libraries and commits', async () => {
    const { dataDir } = await populatedDataDir()
    const report = await checkDataDir(dataDir)
    expect(report.problems).toEqual([])
    // hello world, bye, and the two blocks of big.bin.
    expect(report.blocks).toBe(4)
    expect(report.objects).toBeGreaterThanOrEqual(5)
    expect(report.libraries).toBeGreaterThanOrEqual(1)
    expect(report.commits).toBeGreaterThanOrEqual(5)
    expect(formatReport(report)).toMatch(/^integrity check passed: 4 blocks/)
  })

  test('reports a block whose bytes no longer hash to its id', async () => {
    const { dataDir, blockIds } = await populatedDataDir()
    await writeFile(blockPath(dataDir, blockIds[0]!), 'flipped bits')
    const report = await checkDataDir(dataDir)
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'block-hash' })])
    expect(report.problems[0]!.detail).toContain(blockIds[0])
  })

  test('reports a block a committed file needs when it is gone', async () => {
    const { dataDir, blockIds } = await populatedDataDir()
    await rm(blockPath(dataDir, blockIds[1]!))
    const report = await checkDataDir(dataDir)
    expect(report.problems.map((p) => p.kind)).toContain('missing-block')
  })

  test('reports a file object that is gone and one that is not zlib data', async () => {
    const { dataDir, fileId } = await populatedDataDir()
    await rm(join(dataDir, 'fs', fileId.slice(0, 2), fileId.slice(2)))
    const [shard] = (await readdir(join(dataDir, 'fs'))).filter((s) => s !== 'tmp')
    const [rest] = await readdir(join(dataDir, 'fs', shard!))
    await writeFile(join(dataDir, 'fs', shard!, rest!), 'not zlib')
    const kinds = (await checkDataDir(dataDir)).problems.map((p) => p.kind)
    expect(kinds).toContain('missing-object')
    expect(kinds).toContain('object-unreadable')
  })

  test('a torn last log line is a note, a broken line in the middle a problem', async () => {
    const { dataDir } = await populatedDataDir()
    await appendFile(join(dataDir, 'meta.log'), '[{"op":"put","ns":"x"')
    const torn = await checkDataDir(dataDir)
    expect(torn.problems).toEqual([])
    expect(torn.notes.join('\n')).toMatch(/torn line/)
    await appendFile(join(dataDir, 'meta.log'), '\n[]\n')
    const broken = await checkDataDir(dataDir)
    expect(broken.problems).toEqual([expect.objectContaining({ kind: 'meta-log' })])
  })

  test('refuses a path that is not a directory', async () => {
    await expect(checkDataDir(join(tmpdir(), 'no-such-mock-dir-xyz'))).rejects.toThrow()
  })
})
