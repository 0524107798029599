import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { withConfigFile } from '../../cli/commands/load.ts'
import { UserError } from '../../cli/userError.ts'
import { createMockServer } from '../../mock/index.ts'
import { EXIT_THRESHOLDS_FAILED, loadCommand } from '../command.ts'
import { parseLoadArgs } from '../config.ts'
import { parseRatioThreshold } from './summary.ts'

/** Which server saw each request, in the order they arrived: A is the mock, B the mock with a delay. */
const seen: string[] = []
const closers: (() => Promise<void>)[] = []
let a: string
let b: string
let out: string

/** The mock served on a free loopback port, noting each request's arrival in `seen`. */
async function countedMock(name: string, faults: string[]): Promise<string> {
  const mock = await createMockServer({ faults })
  const fetch = (req: Request) => {
    seen.push(name)
    return mock.fetch(req)
  }
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve(`http://127.0.0.1:${info.port}`),
    )
    closers.push(() =>
      new Promise<void>((done) => {
        ;(server as { closeAllConnections?: () => void }).closeAllConnections?.()
        server.close(() => done())
      }).then(() => mock.close()),
    )
  })
}

beforeAll(async () => {
  a = await countedMock('A', [])
  // A floor under every answer of B: its latency can only be higher than that, whatever the machine does.
  b = await countedMock('B', ['*:latency=30ms'])
  out = await mkdtemp(join(tmpdir(), 'load-compare-'))
  vi.spyOn(console, 'log').mockImplementation(() => {})
  vi.spyOn(console, 'error').mockImplementation(() => {})
})
afterAll(async () => {
  vi.restoreAllMocks()
  await Promise.all(closers.map((c) => c()))
})

const args = (dir: string, ...extra: string[]) => [
  ...['--target', a, '--user', 'user@example.com', '--password', 'user'],
  ...['--compare', b, '--compare-user', 'user@example.com', '--compare-password', 'user'],
  ...['--scenario', 'download', '--duration', '1s', '--connections', '2', '--size', '10KiB'],
  ...['--out', join(out, dir), ...extra],
]

/** `A A A B B A …` → `A B A …`: the servers in the order they were loaded. */
const runs = (log: readonly string[]) => log.filter((s, i) => s !== log[i - 1])

describe('load --compare', () => {
  it('alternates A, B three times each and reports medians, spreads and ratios per step', async () => {
    seen.length = 0
    expect(await loadCommand(args('report', '--threshold', 'ratio.p50>0', '--threshold', 'errors<1%'))).toBe(
      0,
    )
    expect(runs(seen)).toEqual(['A', 'B', 'A', 'B', 'A', 'B'])
    const report = JSON.parse(await readFile(join(out, 'report', 'load-compare.json'), 'utf8'))
    expect(report).toMatchObject({
      format: 'seafile-conformance/load-compare@1',
      scenario: 'download',
      passed: true,
    })
    expect(report.rounds.map((r: { side: string; round: number }) => `${r.side}${r.round}`)).toEqual([
      'A1',
      'B1',
      'A2',
      'B2',
      'A3',
      'B3',
    ])
    expect(report.steps.map((s: { step: string }) => s.step)).toEqual(['download-link', 'download', 'total'])
    for (const step of report.steps) {
      for (const side of ['a', 'b']) {
        const p95 = step[side].p95
        expect(p95.rounds).toHaveLength(3)
        expect(p95.min).toBeLessThanOrEqual(p95.median)
        expect(p95.median).toBeLessThanOrEqual(p95.max)
        expect(step[side].rps.median).toBeGreaterThan(0)
      }
      expect(step.ratio.p95).toBeCloseTo(step.b.p95.median / step.a.p95.median, 9)
      // The fault delays each of B's answers by 30 ms: a floor, not a speed.
      expect(step.b.p50.min).toBeGreaterThanOrEqual(30)
    }
    expect(report.thresholds.map((t: { threshold: string }) => t.threshold)).toEqual([
      'ratio.p50>0',
      'errors<1%',
    ])
    const html = await readFile(join(out, 'report', 'load-compare.html'), 'utf8')
    expect(html).toContain('A (median)')
    expect(html).toContain('B (median)')
    expect(html).not.toContain('"password"')
  })

  it('fails with exit code 99 when a ratio threshold is crossed', async () => {
    seen.length = 0
    expect(await loadCommand(args('fail', '--threshold', 'download.ratio.rps<0'))).toBe(
      EXIT_THRESHOLDS_FAILED,
    )
    const report = JSON.parse(await readFile(join(out, 'fail', 'load-compare.json'), 'utf8'))
    expect(report.passed).toBe(false)
    expect(report.thresholds[0]).toMatchObject({ threshold: 'download.ratio.rps<0', passed: false })
  })
})

describe('compare settings', () => {
  it('reads the second server from flags or SEAFILE_COMPARE_*, and refuses fewer than 3 rounds', () => {
    const s = parseLoadArgs(['--compare', 'http://b.example', '--rounds', '5'], {
      SEAFILE_COMPARE_USER: 'u@example.com',
      SEAFILE_COMPARE_TOKEN: 't',
    })
    expect(s.compare).toEqual({ target: 'http://b.example', user: 'u@example.com', token: 't' })
    expect(s.rounds).toBe(5)
    expect(parseLoadArgs([], { SEAFILE_COMPARE_TARGET: 'http://c.example' }).compare?.target).toBe(
      'http://c.example',
    )
    expect(() => parseLoadArgs(['--compare', 'http://b.example', '--rounds', '2'], {})).toThrow(UserError)
    expect(() => parseLoadArgs(['--threshold', 'ratio.p95<1.5'], {})).toThrow(/needs --compare/)
  })

  it('parses ratio thresholds, per step or on every step', () => {
    expect(parseRatioThreshold('ratio.p95<1.5')).toEqual({
      source: 'ratio.p95<1.5',
      metric: 'p95',
      op: '<',
      value: 1.5,
    })
    expect(parseRatioThreshold('download.ratio.rps>=0.8')).toMatchObject({
      step: 'download',
      metric: 'rps',
      op: '>=',
    })
    expect(() => parseRatioThreshold('ratio.p95<1.5ms')).toThrow(UserError)
    expect(() => parseRatioThreshold('ratio.max<2')).toThrow(UserError)
  })

  it('takes `compare:` from a config file, as a URL or with its credentials; the environment wins', async () => {
    const file = join(out, 'compare.yaml')
    await writeFile(file, 'compare:\n  target: http://b.example\n  user: bob@example.com\n  password: pw\n')
    const s = parseLoadArgs(await withConfigFile(['--config', file], {}), {})
    expect(s.compare).toEqual({ target: 'http://b.example', user: 'bob@example.com', password: 'pw' })
    const env = { SEAFILE_COMPARE_PASSWORD: 'env-pw' }
    expect(parseLoadArgs(await withConfigFile(['--config', file], env), env).compare?.password).toBe('env-pw')
    await writeFile(file, 'load:\n  compare: http://c.example\n  rounds: 4\n')
    const t = parseLoadArgs(await withConfigFile(['--config', file], {}), {})
    expect([t.compare?.target, t.rounds]).toEqual(['http://c.example', 4])
  })
})
