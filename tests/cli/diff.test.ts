/** `seafile-conformance diff`: mock vs mock differs nowhere; a mock with a fault is reported where it differs. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { run } from '../../cli/commands/diff.ts'
import { type RunningMock, startMock } from '../har/mockServer.ts'

const accounts = (prefix: string) => [
  `--${prefix}user`,
  'user@example.com',
  `--${prefix}password`,
  'user',
  `--${prefix}user2`,
  'user2@example.com',
  `--${prefix}password2`,
  'user2',
  `--${prefix}admin-user`,
  'admin@example.com',
  `--${prefix}admin-password`,
  'admin',
]

describe('seafile-conformance diff', () => {
  const out = mkdtempSync(join(tmpdir(), 'sc-diff-'))
  let reference: RunningMock
  beforeAll(async () => {
    reference = await startMock()
  })
  afterAll(async () => {
    await reference?.close()
    rmSync(out, { recursive: true, force: true })
  })

  const diff = async (target: string, dir: string) => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    try {
      const code = await run([
        '--reference',
        reference.url,
        '--target',
        target,
        '--out',
        dir,
        ...accounts('reference-'),
        ...accounts(''),
      ])
      return { code, table: log.mock.calls.map((c) => String(c[0])).join('\n') }
    } finally {
      log.mockRestore()
    }
  }

  it('finds no difference between two mocks', async () => {
    const target = await startMock()
    try {
      const { code, table } = await diff(target.url, join(out, 'same'))
      expect(table).toMatch(/ 0 difference\(s\)/)
      expect(code).toBe(0)
      const json = JSON.parse(readFileSync(join(out, 'same', 'diff.json'), 'utf8'))
      expect(json.differences).toBe(0)
      expect(json.exchanges.length).toBeGreaterThan(100)
    } finally {
      await target.close()
    }
  }, 180_000)

  it('reports the operation a faulted target answers differently, with the exchanges side by side', async () => {
    const target = await startMock(['GET /api2/repos/*/dir/:status=503'])
    try {
      const { code, table } = await diff(target.url, join(out, 'fault'))
      expect(code).toBe(1)
      expect(table).toMatch(/GET \/api2\/repos\/\{repo_id\}\/dir\/\s+\d+\s+[1-9]/)
      const json = JSON.parse(readFileSync(join(out, 'fault', 'diff.json'), 'utf8'))
      const dir = json.operations.find(
        (o: { operation: string }) => o.operation === 'GET /api2/repos/{repo_id}/dir/',
      )
      expect(dir.differing).toBeGreaterThan(0)
      expect(dir.first).toMatch(/status: 200 vs 503/)
      const html = readFileSync(join(out, 'fault', 'diff.html'), 'utf8')
      expect(html).toContain('<th>reference</th><th>target</th>')
      expect(html).toMatch(/503/)
    } finally {
      await target.close()
    }
  }, 180_000)
})
