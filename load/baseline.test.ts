import { describe, expect, it } from 'vitest'
import { compareSummaries, formatChange } from './baseline.ts'
import { analyze } from './summary.ts'
import { resultOf, spread } from './testResults.ts'

const before = analyze(
  resultOf({ repos: { latencies: spread(1000, 1, 10) }, dir: { latencies: [5] } }),
).summary
const after = analyze(
  resultOf({ repos: { latencies: spread(1500, 2, 20) }, stat: { latencies: [5] } }),
).summary

describe('compareSummaries', () => {
  const rows = compareSummaries(after, before)
  const repos = rows.find((r) => r.step === 'repos')!
  const metric = (name: string) => repos.metrics.find((m) => m.metric === name)!

  it('gives the change in percent and whether it is better', () => {
    expect(metric('rps')).toMatchObject({ baseline: 100, current: 150, changePct: 50, improved: true })
    expect(metric('p50').changePct).toBeCloseTo(100, 0)
    expect(metric('p50').improved).toBe(false)
    expect(metric('errors')).toMatchObject({ baseline: 0, current: 0, changePct: null, improved: null })
  })

  it('lists steps found in only one run, and ends with the total', () => {
    expect(rows.map((r) => [r.step, r.onlyIn])).toEqual([
      ['repos', undefined],
      ['stat', 'current'],
      ['dir', 'baseline'],
      ['total', undefined],
    ])
  })
})

describe('formatChange', () => {
  it('signs the change and says n/a for a zero baseline', () => {
    expect(formatChange(12.34)).toBe('+12.3%')
    expect(formatChange(-4)).toBe('-4.0%')
    expect(formatChange(null)).toBe('n/a')
  })
})
