/** The upload benchmark's figures: per run, then medians and spreads against the targets, printed. */

/** One timed upload and what was measured around it. */
export interface RunFigures {
  seconds: number
  /** The upload, MB/s (MiB per second), wall clock. */
  mbps: number
  /** SHA-1 over freshly filled 1 MiB buffers (sha1.ts), the mean of the passes before and after. */
  sha1Mbps: number
  sha1BeforeMbps: number
  sha1AfterMbps: number
  sha1CpuSecondsPerGiB: number
  /** The headline: the upload against that SHA-1 rate. */
  ratio: number
  /** The mock's CPU (all threads) per GiB uploaded, and against SHA-1's. */
  mockCpuSecondsPerGiB: number
  cpuRatio: number
  mockUserSeconds: number
  mockSystemSeconds: number
  /** Minor page faults of the mock during the upload (mock/http/processTuning.ts says why). */
  mockPageFaults: number
  /** The earlier baselines: SHA-1 over the distinct 8 MiB blocks, over one cache-resident buffer. */
  sha1BlocksMbps: number
  sha1HotMbps: number
  /** Bare node:http reading the same chunks, and the essential-work server (bench/essentialServer.ts). */
  ceilingMbps: number
  essentialMbps: number
  /** The sending side's CPU time (this process), on the same cores. */
  clientCpuSeconds: number
  idMatches: boolean
  load1m: number
}

export const TARGETS = { ratio: 0.5, cpuRatio: 2.5, peakRssMB: 256 }

export interface Spread {
  median: number
  min: number
  max: number
}

const round = (n: number, digits: number) => Number(n.toFixed(digits))

function spread(values: number[], digits = 3): Spread {
  const sorted = [...values].sort((a, b) => a - b)
  const m = sorted.length >> 1
  const median = sorted.length % 2 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2
  return { median: round(median, digits), min: round(sorted[0]!, digits), max: round(sorted.at(-1)!, digits) }
}

export function summarize(
  runs: RunFigures[],
  context: {
    bytes: number
    chunkBytes: number
    peakRssMB: number
    sampledPeakRssMB: number
    diskWriteMBps: number
  },
) {
  const of = (pick: (r: RunFigures) => number, digits = 3) => spread(runs.map(pick), digits)
  const ratio = of((r) => r.ratio)
  const cpuRatio = of((r) => r.cpuRatio)
  return {
    bench: 'upload',
    ...context,
    runCount: runs.length,
    /** Median, lowest and highest of the runs. */
    headline: {
      ratio,
      uploadMBps: of((r) => r.mbps, 1),
      sha1FreshMBps: of((r) => r.sha1Mbps, 1),
      mockCpuSecondsPerGiB: of((r) => r.mockCpuSecondsPerGiB),
      sha1CpuSecondsPerGiB: of((r) => r.sha1CpuSecondsPerGiB),
      cpuRatio,
      peakRssMB: context.peakRssMB,
    },
    targets: TARGETS,
    met: {
      ratio: ratio.median >= TARGETS.ratio,
      cpuRatio: cpuRatio.median <= TARGETS.cpuRatio,
      peakRss: context.peakRssMB < TARGETS.peakRssMB,
    },
    /** The earlier baselines, measured in the same runs. */
    earlier: {
      sha1BlocksMBps: of((r) => r.sha1BlocksMbps, 1),
      ratioToBlocks: of((r) => r.mbps / r.sha1BlocksMbps),
      sha1HotMBps: of((r) => r.sha1HotMbps, 1),
      ratioToHot: of((r) => r.mbps / r.sha1HotMbps),
    },
    references: {
      ceilingMBps: of((r) => r.ceilingMbps, 1),
      ratioToCeiling: of((r) => r.mbps / r.ceilingMbps),
      essentialMBps: of((r) => r.essentialMbps, 1),
      ratioToEssential: of((r) => r.mbps / r.essentialMbps),
    },
    mockPageFaultsPerGiB: Math.round(of((r) => r.mockPageFaults).median / (context.bytes / 2 ** 30)),
    idMatches: runs.every((r) => r.idMatches),
    runs,
  }
}

export type Summary = ReturnType<typeof summarize>

const pct = (n: number) => `${(n * 100).toFixed(1)}%`
const show = (s: Spread, f: (n: number) => string = String) => `${f(s.median)} (${f(s.min)}-${f(s.max)})`

export function printSummary(s: Summary, gib: number, load: string): void {
  const h = s.headline
  const e = s.earlier
  const r = s.references
  const verdict = (met: boolean) => (met ? 'met' : 'NOT met')
  console.log(
    [
      `upload ${gib} GiB in 8 MiB chunks over HTTP; median (lowest-highest) of ${s.runCount} runs:`,
      `  ratio ${show(h.ratio, pct)} of SHA-1 over freshly filled 1 MiB buffers (target ≥ 50%) ${verdict(s.met.ratio)}`,
      `    upload ${show(h.uploadMBps)} MB/s, SHA-1 ${show(h.sha1FreshMBps)} MB/s, wall clock, same runs`,
      `  CPU per GiB: mock ${show(h.mockCpuSecondsPerGiB)} s (all threads), SHA-1 ${show(h.sha1CpuSecondsPerGiB)} s; ` +
        `${show(h.cpuRatio, (n) => `${n.toFixed(2)}×`)} (target ≤ 2.5×) ${verdict(s.met.cpuRatio)}`,
      `  peak RSS ${h.peakRssMB} MB (VmHWM; sampled ${s.sampledPeakRssMB} MB; target < 256 MB) ${verdict(s.met.peakRss)}`,
      `earlier baselines, same runs: SHA-1 over the distinct 8 MiB blocks ${show(e.sha1BlocksMBps)} MB/s ` +
        `(upload ${show(e.ratioToBlocks, pct)} of it); over one cache-resident 8 MiB buffer ${show(e.sha1HotMBps)} MB/s ` +
        `(${show(e.ratioToHot, pct)})`,
      `references: bare node:http reading the same chunks ${show(r.ceilingMBps)} MB/s (the mock ${show(r.ratioToCeiling, pct)}); ` +
        `essential work only ${show(r.essentialMBps)} MB/s (the mock ${show(r.ratioToEssential, pct)})`,
      `${s.mockPageFaultsPerGiB} minor page faults per GiB; disk ${s.diskWriteMBps} MB/s (256 MiB, one fsync); ` +
        `file ids ${s.idMatches ? 'match' : 'DO NOT match'}; ${load}`,
    ].join('\n'),
  )
}
