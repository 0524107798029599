import { execFile } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { parseLoadArgs } from '../config.ts'
import { parseThreshold } from '../thresholds.ts'
import { emitK6, toK6 } from './emit.ts'

const run = promisify(execFile)

describe('emitK6', () => {
  for (const scenario of ['browse', 'download', 'upload', 'mixed']) {
    it(`writes a ${scenario} script that parses as an ES module`, async () => {
      const { script } = emitK6(parseLoadArgs(['--scenario', scenario, '--threshold', 'p95<200ms'], {}))
      const dir = await mkdtemp(join(tmpdir(), 'k6-'))
      const file = join(dir, 'script.mjs')
      await writeFile(file, script)
      // node --check parses without resolving the k6/… imports.
      await expect(run(process.execPath, ['--check', file])).resolves.toBeDefined()
      expect(script).toContain('export default function')
      expect(script).not.toContain('/* CONFIG */')
    })
  }

  it('configures the executor of each load model and the thresholds on step tags', () => {
    const closed = emitK6(
      parseLoadArgs(['--scenario', 'download', '--connections', '7', '--duration', '1m'], {}),
    )
    expect(config(closed.script).options.scenarios.load).toEqual({
      executor: 'constant-vus',
      vus: 7,
      duration: '60s',
    })
    const open = emitK6(
      parseLoadArgs(['--scenario', 'download', '--rate', '100/s', '--threshold', 'download.p95<300ms'], {}),
    )
    const options = config(open.script).options
    // 100 requests/s of 2-step iterations = 50 iterations/s.
    expect(options.scenarios.load).toMatchObject({
      executor: 'constant-arrival-rate',
      rate: 3000,
      timeUnit: '1m',
    })
    expect(options.thresholds).toEqual({ 'http_req_duration{step:download}': ['p(95)<300'] })
    expect(options.tags).toMatchObject({ seafile_scenario: 'download', seafile_model: 'open/100/10' })
  })

  it('lists the thresholds k6 cannot express', () => {
    const { untranslated } = emitK6(parseLoadArgs(['--threshold', 'mbps>10', '--threshold', 'p99<1s'], {}))
    expect(untranslated).toEqual(['mbps>10'])
  })
})

describe('toK6', () => {
  it('translates each kind of threshold', () => {
    const k6 = (s: string) => toK6(parseThreshold(s))
    expect(k6('p95<200ms')).toEqual({
      metric: 'http_req_duration{seafile_phase:timed}',
      expression: 'p(95)<200',
    })
    expect(k6('p99<1s')?.expression).toBe('p(99)<1000')
    expect(k6('max<=2s')?.expression).toBe('max<=2000')
    expect(k6('errors<1%')).toEqual({
      metric: 'http_req_failed{seafile_phase:timed}',
      expression: 'rate<0.01',
    })
    expect(k6('upload.rps>5')).toEqual({ metric: 'http_reqs{step:upload}', expression: 'rate>5' })
    expect(k6('requests>=100')?.expression).toBe('count>=100')
  })
})

function config(script: string) {
  const json = script.slice(
    script.indexOf('const CONFIG = ') + 'const CONFIG = '.length,
    script.indexOf('\n}\n') + 2,
  )
  return JSON.parse(json) as {
    options: {
      scenarios: { load: Record<string, unknown> }
      thresholds: unknown
      tags: Record<string, string>
    }
  }
}
