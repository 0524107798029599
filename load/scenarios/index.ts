/**
 * The scenarios of `load --scenario`: each is a weighted list of flows. Every connection runs the flows
 * in a fixed interleaved order (smooth weighted round robin), so a mix holds exactly at any connection
 * count and in both load models.
 */
import { browse } from './browse.ts'
import { download } from './download.ts'
import type { Flow, FlowEnv, FlowName, Step } from './types.ts'
import { upload } from './upload.ts'

export const SCENARIOS = ['browse', 'download', 'upload', 'mixed'] as const
export type ScenarioName = (typeof SCENARIOS)[number]

export type Mix = Record<FlowName, number>

/** Reads dominate a file-sync server's API traffic; uploads are the expensive minority. */
export const DEFAULT_MIX: Mix = { browse: 6, download: 3, upload: 1 }

const FLOWS: Record<FlowName, Flow> = { browse, download, upload }

export interface Scenario {
  name: ScenarioName
  /** Flow names, each repeated by its weight, in the order a connection runs them. */
  order: FlowName[]
  /** Step names as reports list them. */
  stepNames: string[]
}

export function scenario(name: ScenarioName, mix: Mix = DEFAULT_MIX): Scenario {
  const weights: Partial<Mix> = name === 'mixed' ? mix : { [name]: 1 }
  const order = interleave(weights)
  const flows = [...new Set(order)]
  return { name, order, stepNames: flows.flatMap((f) => FLOWS[f].stepNames) }
}

/** Seeds every flow once and returns the sequence of steps each connection loops over. */
export async function buildSequence(s: Scenario, env: FlowEnv): Promise<Step[]> {
  const seeded = new Map<FlowName, Step[]>()
  for (const f of new Set(s.order)) seeded.set(f, await FLOWS[f].seed(env))
  return s.order.flatMap((f) => seeded.get(f)!)
}

/** Smooth weighted round robin (as nginx balances upstreams): {a:2, b:1} → a b a. */
export function interleave(weights: Partial<Record<FlowName, number>>): FlowName[] {
  const entries = Object.entries(weights).filter(([, w]) => (w ?? 0) > 0) as [FlowName, number][]
  const total = entries.reduce((n, [, w]) => n + w, 0)
  const current = new Map(entries.map(([f]) => [f, 0]))
  const order: FlowName[] = []
  for (let i = 0; i < total; i++) {
    let best: FlowName | undefined
    for (const [f, w] of entries) {
      current.set(f, current.get(f)! + w)
      if (best === undefined || current.get(f)! > current.get(best)!) best = f
    }
    current.set(best!, current.get(best!)! - total)
    order.push(best!)
  }
  return order
}
