import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { EXIT_THRESHOLDS_FAILED, loadCommand, mergeCommand } from './command.ts'
import { type StandIn, startStandIn } from './standIn.ts'

let server: StandIn
let out: string
beforeAll(async () => {
  server = await startStandIn()
  out = await mkdtemp(join(tmpdir(), 'load-command-'))
  vi.spyOn(console, 'log').mockImplementation(() => {})
  vi.spyOn(console, 'error').mockImplementation(() => {})
})
afterAll(async () => {
  vi.restoreAllMocks()
  await server.close()
})

const args = (dir: string, ...extra: string[]) => [
  ...['--target', server.url, '--scenario', 'download', '--duration', '1s', '--connections', '2'],
  ...['--out', join(out, dir), '--size', '10KiB', ...extra],
]

describe('load command', () => {
  it('writes load.json and load.html, exits 0 when thresholds pass, and never writes credentials', async () => {
    const env = { SEAFILE_USER: 'user@example.com', SEAFILE_PASSWORD: 'user' }
    vi.stubEnv('SEAFILE_USER', env.SEAFILE_USER)
    vi.stubEnv('SEAFILE_PASSWORD', env.SEAFILE_PASSWORD)
    expect(await loadCommand(args('a', '--threshold', 'errors<1%', '--threshold', 'download.p99<5s'))).toBe(0)
    const json = await readFile(join(out, 'a', 'load.json'), 'utf8')
    const result = JSON.parse(json)
    expect(result).toMatchObject({ scenario: 'download', passed: true, runners: 1 })
    expect(result.summary.total.requests).toBeGreaterThan(0)
    expect(json).not.toContain('"user"')
    expect(json).not.toContain('a'.repeat(40))
    const html = await readFile(join(out, 'a', 'load.html'), 'utf8')
    expect(html).not.toContain('a'.repeat(40))
  })

  it('exits 99 when a threshold fails, and compares with a baseline', async () => {
    const code = await loadCommand(
      args('b', '--threshold', 'p50<1us', '--baseline', join(out, 'a', 'load.json')),
    )
    expect(code).toBe(EXIT_THRESHOLDS_FAILED)
    const result = JSON.parse(await readFile(join(out, 'b', 'load.json'), 'utf8'))
    expect(result.passed).toBe(false)
    expect(result.baseline.comparison.map((r: { step: string }) => r.step)).toEqual([
      'download-link',
      'download',
      'total',
    ])
  })

  it('merges runners into load-merged.json and judges thresholds on the merge', async () => {
    const files = ['a', 'b'].map((d) => join(out, d, 'load.json'))
    expect(await mergeCommand([...files, '--threshold', 'errors<1%', '--out', join(out, 'm')])).toBe(0)
    const merged = JSON.parse(await readFile(join(out, 'm', 'load-merged.json'), 'utf8'))
    const [a, b] = await Promise.all(files.map(async (f) => JSON.parse(await readFile(f, 'utf8'))))
    expect(merged.runners).toBe(2)
    expect(merged.summary.total.requests).toBe(a.summary.total.requests + b.summary.total.requests)
  })
})
