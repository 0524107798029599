import { setFlagsFromString } from 'node:v8'

/**
 * Two process-wide settings for a server that takes large bodies through node:http, which copies every
 * body piece (64 KiB) into a malloc'd Buffer of its own: about 16,000 per GiB, each dead within
 * milliseconds, all freed together when V8 next scavenges (it forces one once 32 MB of young ArrayBuffers
 * have piled up). Both were measured on the resumable 1 GiB upload of bench/upload.ts.
 *
 * 1. V8's heap growing factor. Until their sweep ends, a pile counts as "allocated since the last
 *    mark-compact" against the old generation's limit, which after a mark-compact sits only
 *    max((factor - 1) × live, 8 MB) above the live heap. With the mock's ~20 MB live heap and a factor
 *    under ~2.6, which V8 picks after a slow or busy start, every pile crosses it: V8 marks and compacts
 *    again and again (about 110 times per 2 GiB instead of 4 to 8, 4.2 instead of 2.5 CPU-s per GiB), and
 *    the frequent GCs keep the factor down. A fixed factor of 3 (`--heap-growing-percent=200`; V8's own
 *    range is 1.1 to 4) keeps the limit 2 × live above the live heap, more than a pile. Node documents that
 *    flags set after start may have no effect; V8 reads this one whenever it recomputes the limit, which
 *    processTuning.test.ts checks.
 *
 * 2. glibc's trim threshold. When a pile is freed, the top of the malloc heap is free and larger than the
 *    threshold, so glibc hands those 32 MB back to the kernel, and the next pile faults them in again
 *    page by page: up to 130,000 page faults per GiB uploaded, about a tenth of the main thread's time.
 *    The threshold is twice the largest mmap'd chunk freed so far, up to 32 MiB (mallopt(3), "dynamic
 *    mmap threshold"): freeing one 31 MiB Buffer sets it to 62 MiB, above a pile (and allocations up to
 *    31 MiB then come from the heap instead of mappings of their own). The mock's faults then fall to
 *    340-2,700 per GiB and its peak RSS stays where it was (180-200 MB in bench/upload.ts). Left alone where the C library is not
 *    glibc, and when a MALLOC_* variable or GLIBC_TUNABLES already sets malloc's thresholds.
 */
const HEAP_GROWING_PERCENT = 200
/** Under glibc's DEFAULT_MMAP_THRESHOLD_MAX (32 MiB on 64-bit), so that freeing it moves the thresholds. */
const MMAP_CHUNK = 31 << 20

let tuned = false

/**
 * Applies both settings once per process; a setting the command line or environment gives wins. Both are
 * only about speed: a runtime without these APIs (or that refuses them) serves as before.
 */
export function tuneServerProcess(): void {
  if (tuned) return
  tuned = true
  const nodeOptions = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ')
  try {
    if (!/heap[-_]growing[-_]percent/.test(nodeOptions))
      setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)
    if (isGlibc() && !Object.keys(process.env).some((k) => k.startsWith('MALLOC_') || k === 'GLIBC_TUNABLES'))
      raiseTrimThreshold()
  } catch {
    // Not Node's V8 or not glibc after all: nothing to tune.
  }
}

/** True where the C library is glibc (Node's process report names its version there). */
export function isGlibc(): boolean {
  if (process.platform !== 'linux') return false
  try {
    const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined
    return typeof report?.header?.glibcVersionRuntime === 'string'
  } catch {
    return false
  }
}

/** Allocates and drops one mmap'd chunk: glibc moves its thresholds when the next GC frees it. */
function raiseTrimThreshold(): void {
  Buffer.allocUnsafeSlow(MMAP_CHUNK)
}
