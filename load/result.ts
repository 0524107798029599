/**
 * `load.json`: what one run (or a merge of several runners) measured. Histograms are stored encoded so
 * that results from several machines can be merged and judged again (`load merge`).
 */
import { z } from 'zod'

export const RESULT_FORMAT = 'seafile-conformance/load@1'

const counts = z.record(z.string(), z.number().int().nonnegative())

export const stepResultSchema = z.object({
  /** Step of the scenario, e.g. `download-link`; thresholds select it as `download-link.p95<…`. */
  name: z.string(),
  /** Requests finished: every response, whatever its status, plus every transport error. */
  requests: z.number().int().nonnegative(),
  /** Status ≥ 400, transport errors and unusable bodies (a link that is not a URL). */
  errors: z.number().int().nonnegative(),
  /** Count by HTTP status, or by transport error (`timeout`, `ECONNRESET`, `bad-body`). */
  outcomes: counts,
  bytesIn: z.number().nonnegative(),
  bytesOut: z.number().nonnegative(),
  /** HdrHistogram of latencies in µs, compressed base64 (`hdr.encodeIntoCompressedBase64`). */
  latency: z.string(),
})

export const secondSchema = z.object({
  /** Seconds since the start of the timed part. */
  t: z.number().int().nonnegative(),
  requests: counts,
  errors: z.number().int().nonnegative(),
  bytesIn: z.number().nonnegative(),
  bytesOut: z.number().nonnegative(),
  /** HdrHistogram of every step's latencies in that second (µs), encoded like the step's. */
  latency: z.string(),
})

export const loadModelSchema = z.discriminatedUnion('kind', [
  /** N connections, each sending its next request when the previous answer arrived. */
  z.object({ kind: z.literal('closed'), connections: z.number().int().positive() }),
  /** A fixed request rate (autocannon `overallRate`) spread over the connections. */
  z.object({
    kind: z.literal('open'),
    rate: z.number().positive(),
    connections: z.number().int().positive(),
  }),
])

export const loadResultSchema = z.object({
  format: z.literal(RESULT_FORMAT),
  scenario: z.string(),
  /** Target origin; never credentials. */
  target: z.string(),
  model: loadModelSchema,
  startedAt: z.string(),
  /** Wall time of the timed part in seconds (the longest runner's when merged). */
  durationSeconds: z.number().positive(),
  /** Size in bytes of the generated file bodies. */
  fileSize: z.number().int().nonnegative(),
  /** Content-Range chunk of resumable uploads, bytes. */
  chunkSize: z.number().int().positive().optional(),
  /** Weights of the mixed scenario's flows. */
  mix: z.record(z.string(), z.number().nonnegative()).optional(),
  /** How many runners' results this holds (1 for a single run). */
  runners: z.number().int().positive(),
  steps: z.array(stepResultSchema),
  timeline: z.array(secondSchema),
})

export type StepResult = z.infer<typeof stepResultSchema>
export type Second = z.infer<typeof secondSchema>
export type LoadModel = z.infer<typeof loadModelSchema>
export type LoadResult = z.infer<typeof loadResultSchema>
