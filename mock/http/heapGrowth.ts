import { setFlagsFromString } from 'node:v8'

/**
 * Why a server process sets V8's heap growing factor.
 *
 * node:http copies every body piece (64 KiB) into a Buffer of its own, and V8 counts those as external
 * memory. They die young, but V8 frees them only at a scavenge, which it forces once 32 MB of young
 * ArrayBuffers have piled up; until their sweep ends, that pile counts as "allocated since the last
 * mark-compact" against the old generation's limit. After a mark-compact, that limit is only
 * max((factor - 1) × live, 8 MB) above the live heap, and V8 picks the factor from how fast recent GCs
 * were. With the mock's ~20 MB live heap and a factor under ~2.6 (which a slow or busy start gives), every
 * 32 MB pile crosses the limit: V8 marks and compacts again and again (about 110 times per 2 GiB
 * uploaded instead of 4 to 8), which takes the factor down further. That storm cost 40% of upload
 * throughput in one mock process in three or four on a 2-core VM.
 *
 * A fixed factor of 1 + percent/100 (V8's own range is 1.1 to 4) keeps the limit 2 × live above the live
 * heap for percent = 200: more than one pile. Node documents that flags set after start may have no
 * effect; V8 reads this one whenever it recomputes the limit, which the test checks.
 */
export const DEFAULT_HEAP_GROWING_PERCENT = 200

let applied: number | undefined

/**
 * Sets `--heap-growing-percent` once per process (0: leave V8's own heuristics). Left alone when the
 * process was started with its own value on the command line or in NODE_OPTIONS.
 */
export function setHeapGrowingPercent(percent: number): void {
  if (percent <= 0 || applied !== undefined) return
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) =>
    /heap[-_]growing[-_]percent/.test(arg),
  )
  if (given) return
  setFlagsFromString(`--heap-growing-percent=${percent}`)
  applied = percent
}
