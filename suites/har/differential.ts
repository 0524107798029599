/**
 * The differential run behind `seafile-conformance diff`: the same recorded workflows replayed against a
 * reference server and a target, each with its own accounts and ids, and every pair of answers compared
 * (status, content type, body shape). Grouped per spec operation for the report.
 */
import type { SpecValidator } from '../../spec/validator.ts'
import { type AllowedDifference, allowed } from './allowList.ts'
import type { Har } from './har.ts'
import type { Account } from './placeholders.ts'
import { type ReplayedEntry, replay } from './replay.ts'
import { compareResponses, type ExchangeDifference } from './shape.ts'

export interface Side {
  url: string
  accounts: Record<string, Account>
}

export interface DiffEntry {
  index: number
  operation: string
  test?: string
  reference: ReplayedEntry
  target: ReplayedEntry
  differences: (ExchangeDifference & { allowed?: string })[]
  /** Why the pair was not compared (a side could not send it). */
  skipped?: string
}

export interface DiffOperation {
  operation: string
  exchanges: number
  differing: number
  /** The first unexplained difference, for the table. */
  first?: string
}

export interface DiffResult {
  reference: string
  target: string
  entries: DiffEntry[]
  operations: DiffOperation[]
  /** Differences not in the allow-list. */
  differences: number
}

/** `GET /api2/repos/{repo_id}/` for a concrete URL, or `GET /path` when the spec has no such operation. */
function operationOf(spec: SpecValidator, method: string, url: string): string {
  const path = new URL(url.replace('{{origin}}', 'http://x')).pathname
  const hit = spec.findOperation(method, path)
  return hit ? `${method.toUpperCase()} ${hit.template}` : `${method.toUpperCase()} ${path}`
}

export async function differential(
  har: Har,
  reference: Side,
  target: Side,
  spec: SpecValidator,
  allowList: AllowedDifference[] = [],
): Promise<DiffResult> {
  const [ref, tgt] = await Promise.all([
    replay(har, { baseUrl: reference.url, accounts: reference.accounts }),
    replay(har, { baseUrl: target.url, accounts: target.accounts }),
  ])
  const entries: DiffEntry[] = ref.map((r, i) => {
    const t = tgt[i]!
    const entry: DiffEntry = {
      index: i,
      operation: operationOf(spec, r.method, r.url),
      test: r.test,
      reference: r,
      target: t,
      differences: [],
    }
    if (!r.live || !t.live) {
      entry.skipped = r.skipped ?? t.skipped ?? 'no answer'
      if (!!r.live !== !!t.live)
        entry.differences.push({ field: 'status', detail: `only one side answered: ${entry.skipped}` })
      return entry
    }
    entry.differences = compareResponses(r.live.response, t.live.response).map((d) => {
      const ok = allowed(allowList, { method: r.method, url: r.url }, d)
      return ok ? { ...d, allowed: ok.reason } : d
    })
    return entry
  })
  const byOp = new Map<string, DiffOperation>()
  for (const e of entries) {
    const op = byOp.get(e.operation) ?? { operation: e.operation, exchanges: 0, differing: 0 }
    op.exchanges++
    const open = e.differences.filter((d) => !d.allowed)
    if (open.length > 0) {
      op.differing++
      op.first ??= `#${e.index} ${open[0]!.field}${open[0]!.path ? ` ${open[0]!.path}` : ''}: ${open[0]!.detail}`
    }
    byOp.set(e.operation, op)
  }
  return {
    reference: reference.url,
    target: target.url,
    entries,
    operations: [...byOp.values()].sort(
      (a, b) => b.differing - a.differing || a.operation.localeCompare(b.operation),
    ),
    differences: entries.reduce((n, e) => n + e.differences.filter((d) => !d.allowed).length, 0),
  }
}
