/**
 * `load --emit k6`: the same scenario as a k6 script (template.js + a CONFIG object), for machines where k6
 * is the load generator. Thresholds are translated to k6's syntax on the `step` tag.
 */
import { readFileSync } from 'node:fs'
import { packageFile } from '../../spec/packageFiles.ts'
import type { LoadSettings } from '../config.ts'
import { BOUNDARY } from '../multipart.ts'
import { BROWSE_FILES } from '../scenarios/browse.ts'
import { scenario } from '../scenarios/index.ts'
import type { FlowName } from '../scenarios/types.ts'
import type { Threshold } from '../thresholds.ts'

const TEMPLATE = readFileSync(packageFile('load', 'k6', 'template.js'), 'utf8')

/** Tag that only timed requests carry (template.js `step()`); totals are judged on it, without setup's requests. */
export const TIMED_TAG = 'seafile_phase:timed'

export interface K6Script {
  script: string
  /** Thresholds k6 cannot express (mbps): judge them with `load merge`. */
  untranslated: string[]
}

export function emitK6(settings: LoadSettings): K6Script {
  const s = scenario(settings.scenario, settings.mix)
  const chunks = Math.ceil(settings.fileSize / settings.chunkSize)
  const stepsPerFlow: Record<FlowName, number> = { browse: 3, download: 2, upload: 2 + chunks }
  const requestsPerIteration = s.order.reduce((n, f) => n + stepsPerFlow[f], 0) / s.order.length
  const duration = `${settings.durationSeconds}s`
  const m = settings.model
  const executor =
    m.kind === 'closed'
      ? { executor: 'constant-vus', vus: m.connections, duration }
      : {
          // --rate counts requests; k6 counts iterations (one flow each).
          executor: 'constant-arrival-rate',
          rate: Math.max(1, Math.round((m.rate / requestsPerIteration) * 60)),
          timeUnit: '1m',
          duration,
          preAllocatedVUs: m.connections,
          maxVUs: m.connections * 4,
        }
  const thresholds: Record<string, string[]> = {}
  const untranslated: string[] = []
  for (const t of settings.thresholds) {
    const k6 = toK6(t)
    if (!k6) {
      untranslated.push(t.source)
      continue
    }
    thresholds[k6.metric] = [...(thresholds[k6.metric] ?? []), k6.expression]
  }
  const config = {
    scenario: settings.scenario,
    order: s.order,
    fileSize: settings.fileSize,
    chunkSize: settings.chunkSize,
    boundary: BOUNDARY,
    browseFiles: BROWSE_FILES,
    options: {
      scenarios: { load: executor },
      thresholds,
      summaryTrendStats: ['med', 'p(90)', 'p(95)', 'p(99)', 'max'],
      setupTimeout: '5m',
      tags: {
        seafile_scenario: settings.scenario,
        seafile_model: m.kind === 'closed' ? `closed/${m.connections}` : `open/${m.rate}/${m.connections}`,
        seafile_file_size: String(settings.fileSize),
        seafile_duration: String(settings.durationSeconds),
      },
    },
  }
  const script = TEMPLATE.replace('/* CONFIG */ null', JSON.stringify(config, null, 2))
  return { script, untranslated }
}

/** `download.p95<300ms` → `http_req_duration{step:download}`: `p(95)<300`. */
export function toK6(t: Threshold): { metric: string; expression: string } | undefined {
  const tag = `{${t.step ? `step:${t.step}` : TIMED_TAG}}`
  switch (t.metric) {
    case 'latency': {
      const p = t.percentile!
      const stat = p === 100 ? 'max' : p === 0 ? 'min' : p === 50 ? 'med' : `p(${p})`
      return { metric: `http_req_duration${tag}`, expression: `${stat}${t.op}${t.value}` }
    }
    case 'errors':
      return { metric: `http_req_failed${tag}`, expression: `rate${t.op}${t.value}` }
    case 'rps':
      return { metric: `http_reqs${tag}`, expression: `rate${t.op}${t.value}` }
    case 'requests':
      return { metric: `http_reqs${tag}`, expression: `count${t.op}${t.value}` }
    case 'mbps':
      return undefined
  }
}
