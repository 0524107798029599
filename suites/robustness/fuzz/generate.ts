/**
 * Negative requests generated from the spec with fast-check. Each case starts from a plausible request
 * for one operation (required parameters filled from the spec's examples and the test library) and breaks
 * exactly one thing: a missing required parameter, a wrong-typed or huge value, path traversal, a name over
 * 255 bytes, invalid UTF-8, a bad path segment, a malformed body or multipart, a bad Content-Range or header.
 * The same seed and count give the same cases (fc.sample is prefix-stable), so a failure is replayed with
 * `SEAFILE_FUZZ_SEED`.
 */
export type { FuzzContext } from './draft.ts'

import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { baseline, type FuzzContext, fileServerRoot, isBinary, type Json, render } from './draft.ts'
import type { RawRequest } from './encode.ts'
import { type Mutation, type MutationKind, mutationsFor } from './mutations.ts'
import type { OperationModel } from './operations.ts'

export interface NegativeCase {
  /** Position in the generated list (with the seed, it identifies the case). */
  index: number
  /** `GET /api2/repos/{repo_id}/dir/`. */
  operation: string
  kind: MutationKind
  /** What was broken, e.g. `query p = "/../.."`. */
  detail: string
  /** The request must be refused with a 4xx (a required parameter is missing). */
  mustRefuse: boolean
  request: RawRequest
}

export interface GenerateOptions {
  doc: Json
  operations: OperationModel[]
  context: FuzzContext
  seed: number
  /** How many cases in all, spread round-robin over the operations. */
  count: number
  /** Leave out the negative requests the real server answers with a documented 5xx (REAL_SERVER_ERRORS). */
  avoidServerErrors?: boolean
}

export interface Generated {
  cases: NegativeCase[]
  /** Operations with no mutation that is safe to send (and why), or no link to send it to. */
  skipped: { operation: string; reason: string }[]
}

const labelSeed = (seed: number, label: string) =>
  (seed ^ createHash('sha1').update(label).digest().readInt32BE(0)) | 0

/** The cases for `seed`: the first `count` of an endless, deterministic round-robin over the operations. */
export function generateCases(o: GenerateOptions): Generated {
  const skipped: Generated['skipped'] = []
  const usable: { op: OperationModel; arb: fc.Arbitrary<Mutation> }[] = []
  for (const op of o.operations) {
    if (op.fileserver && !fileServerRoot(o.context)) {
      skipped.push({ operation: op.label, reason: 'the target handed out no file-server link' })
      continue
    }
    const file = op.params.some(isBinary) ? baseline(o.doc, op, o.context, 0).files[0] : undefined
    const arbs = mutationsFor(o.doc, op, file, o.avoidServerErrors ?? false)
    if (arbs.length === 0) {
      skipped.push({ operation: op.label, reason: 'no mutation is both applicable and safe to send' })
      continue
    }
    usable.push({ op, arb: fc.oneof(...arbs) })
  }
  const perOp = usable.map(({ op, arb }) => {
    const runs = Math.ceil(o.count / Math.max(usable.length, 1))
    return {
      op,
      mutations: runs > 0 ? fc.sample(arb, { seed: labelSeed(o.seed, op.label), numRuns: runs }) : [],
    }
  })
  const cases: NegativeCase[] = []
  for (let index = 0; index < o.count && usable.length > 0; index++) {
    const { op, mutations } = perOp[index % perOp.length]!
    const mutation = mutations[Math.floor(index / perOp.length)]!
    const draft = baseline(o.doc, op, o.context, index)
    mutation.apply(draft)
    const request = render(op, draft, o.context)
    if (!request) continue
    cases.push({
      index,
      operation: op.label,
      kind: mutation.kind,
      detail: mutation.detail,
      mustRefuse: mutation.mustRefuse,
      request,
    })
  }
  return { cases, skipped }
}

/** The unbroken request of an operation, as every case starts from: required parameters filled in. */
export function plausibleRequest(
  doc: Json,
  op: OperationModel,
  context: FuzzContext,
): RawRequest | undefined {
  return render(op, baseline(doc, op, context, 0), context)
}
