import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { mergeResults } from '../merge.ts'
import { analyze } from '../summary.ts'
import { evaluate, parseThreshold } from '../thresholds.ts'
import { readRunnerResult } from './import.ts'

const TAGS = {
  seafile_scenario: 'download',
  seafile_model: 'closed/5',
  seafile_file_size: '1024',
  seafile_duration: '10',
  seafile_target: 'http://seafile.test',
  seafile_phase: 'timed',
}

/** k6 `--out json` lines for `count` downloads taking `ms` each, one every 10 ms from `start`. */
function k6Lines(count: number, ms: number, status = '200'): string {
  const start = Date.parse('2025-01-01T00:00:00Z')
  const lines = [JSON.stringify({ type: 'Metric', metric: 'http_req_duration', data: { type: 'trend' } })]
  for (let i = 0; i < count; i++) {
    const time = new Date(start + i * 10).toISOString().replace('Z', '123456+00:00')
    const tags = { ...TAGS, step: 'download', name: 'download', status }
    const point = (metric: string, value: number) =>
      JSON.stringify({ type: 'Point', metric, data: { time, value, tags } })
    lines.push(point('http_req_duration', ms), point('http_req_failed', status === '200' ? 0 : 1))
    lines.push(point('seafile_bytes_in', 1024), point('seafile_bytes_out', 0))
  }
  // Setup's requests carry no step tag and stay out.
  lines.push(
    JSON.stringify({
      type: 'Point',
      metric: 'http_req_duration',
      data: { time: new Date(start).toISOString(), value: 9999, tags: { status: '200' } },
    }),
  )
  return `${lines.join('\n')}\n`
}

describe('readRunnerResult of k6 JSON output', () => {
  it('re-records the samples into histograms, so merged runners are judged on all samples', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'k6-import-'))
    const fast = join(dir, 'runner-1.json')
    const slow = join(dir, 'runner-2.json.gz')
    await writeFile(fast, k6Lines(900, 5))
    await writeFile(slow, gzipSync(k6Lines(100, 800, '503')))
    const [a, b] = await Promise.all([readRunnerResult(fast), readRunnerResult(slow)])
    expect(a).toMatchObject({ scenario: 'download', target: 'http://seafile.test', durationSeconds: 10 })
    expect(a.model).toEqual({ kind: 'closed', connections: 5 })
    expect(a.timeline).toHaveLength(9)

    const merged = mergeResults([a!, b!])
    const { summary, latencyMs } = analyze(merged)
    expect(summary.total).toMatchObject({ requests: 1000, errors: 100, outcomes: { '200': 900, '503': 100 } })
    expect(summary.total.mbInPerSec).toBeCloseTo((1000 * 1024) / 1e6 / 10)
    const outcomes = evaluate(['p90<10ms', 'p95<10ms', 'errors<5%'].map(parseThreshold), summary, latencyMs)
    expect(outcomes.map((o) => o.passed)).toEqual([true, false, false])
  })
})
