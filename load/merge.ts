/**
 * Merges the results of several runners that loaded the same target at the same time into one result.
 * Counters add up, histograms are merged sample for sample, and the runners are assumed to have run
 * side by side: the merged duration is the longest one, so request rates add up too.
 */
import { UserError } from '../cli/userError.ts'
import { decodeHistogram, encodeHistogram, mergeHistograms } from './histogram.ts'
import type { LoadModel, LoadResult, Second, StepResult } from './result.ts'

export function mergeResults(results: readonly LoadResult[]): LoadResult {
  const [first] = results
  if (!first) throw new UserError('load merge needs at least one result file')
  const scenarios = new Set(results.map((r) => r.scenario))
  if (scenarios.size > 1)
    throw new UserError(`cannot merge different scenarios: ${[...scenarios].join(', ')}`)
  const targets = [...new Set(results.map((r) => r.target))]
  return {
    format: first.format,
    scenario: first.scenario,
    target: targets.join(' '),
    model: mergeModels(results.map((r) => r.model)),
    startedAt: results.map((r) => r.startedAt).sort()[0]!,
    durationSeconds: Math.max(...results.map((r) => r.durationSeconds)),
    fileSize: first.fileSize,
    ...(first.chunkSize ? { chunkSize: first.chunkSize } : {}),
    ...(first.mix ? { mix: first.mix } : {}),
    runners: results.reduce((n, r) => n + r.runners, 0),
    steps: mergeSteps(results.map((r) => r.steps)),
    timeline: mergeTimelines(results.map((r) => r.timeline)),
  }
}

function mergeModels(models: readonly LoadModel[]): LoadModel {
  const connections = models.reduce((n, m) => n + m.connections, 0)
  if (models.every((m) => m.kind === 'open')) {
    return {
      kind: 'open',
      connections,
      rate: models.reduce((n, m) => n + (m.kind === 'open' ? m.rate : 0), 0),
    }
  }
  return { kind: 'closed', connections }
}

function mergeSteps(runs: readonly StepResult[][]): StepResult[] {
  const byName = new Map<string, StepResult[]>()
  for (const steps of runs) for (const s of steps) byName.set(s.name, [...(byName.get(s.name) ?? []), s])
  return [...byName].map(([name, parts]) => {
    const outcomes: Record<string, number> = {}
    for (const p of parts)
      for (const [k, v] of Object.entries(p.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + v
    return {
      name,
      requests: sum(parts, (p) => p.requests),
      errors: sum(parts, (p) => p.errors),
      outcomes,
      bytesIn: sum(parts, (p) => p.bytesIn),
      bytesOut: sum(parts, (p) => p.bytesOut),
      latency: mergeEncoded(parts.map((p) => p.latency)),
    }
  })
}

/** Seconds are aligned on each runner's own start. */
function mergeTimelines(timelines: readonly Second[][]): Second[] {
  const length = Math.max(0, ...timelines.map((t) => t.length))
  const merged: Second[] = []
  for (let t = 0; t < length; t++) {
    const parts = timelines.flatMap((tl) => tl.slice(t, t + 1))
    const requests: Record<string, number> = {}
    for (const p of parts)
      for (const [k, v] of Object.entries(p.requests)) requests[k] = (requests[k] ?? 0) + v
    merged.push({
      t,
      requests,
      errors: sum(parts, (p) => p.errors),
      bytesIn: sum(parts, (p) => p.bytesIn),
      bytesOut: sum(parts, (p) => p.bytesOut),
      latency: mergeEncoded(parts.map((p) => p.latency)),
    })
  }
  return merged
}

function mergeEncoded(encoded: readonly string[]): string {
  return encodeHistogram(mergeHistograms(encoded.map(decodeHistogram)))
}

function sum<T>(items: readonly T[], f: (item: T) => number): number {
  return items.reduce((n, item) => n + f(item), 0)
}
