/**
 * Latency histograms (HdrHistogram, microseconds). Percentiles are always read from a histogram; merging
 * two runs adds their histograms, never averages their percentiles.
 */
import * as hdr from 'hdr-histogram-js'

export type Histogram = hdr.Histogram

/** 1 µs to 1 h at 3 significant digits: a few kB per histogram, 0.1 % error on every percentile. */
export function createHistogram(): Histogram {
  return hdr.build({
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  })
}

/** Records one latency given in milliseconds (what autocannon measures) as whole microseconds. */
export function recordMs(h: Histogram, ms: number): void {
  h.recordValue(Math.max(1, Math.round(ms * 1000)))
}

/** The compressed base64 form of the HdrHistogram wire format, readable by every HdrHistogram port. */
export function encodeHistogram(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h)
}

export function decodeHistogram(encoded: string): Histogram {
  const decoded = hdr.decodeFromCompressedBase64(encoded, 32, false)
  // Re-record into our own layout so later merges never overflow the decoded one's range.
  const h = createHistogram()
  h.add(decoded)
  return h
}

/** A new histogram holding every sample of the given ones. */
export function mergeHistograms(hs: Iterable<Histogram>): Histogram {
  const merged = createHistogram()
  for (const h of hs) merged.add(h)
  return merged
}

/** Latency in milliseconds at a percentile (0–100); 0 for an empty histogram. */
export function percentileMs(h: Histogram, percentile: number): number {
  if (h.totalCount === 0) return 0
  if (percentile >= 100) return h.maxValue / 1000
  return h.getValueAtPercentile(percentile) / 1000
}

export interface LatencySummary {
  p50: number
  p90: number
  p95: number
  p99: number
  max: number
  mean: number
}

/** The latency columns of every report, in milliseconds. */
export function summarizeLatency(h: Histogram): LatencySummary {
  return {
    p50: percentileMs(h, 50),
    p90: percentileMs(h, 90),
    p95: percentileMs(h, 95),
    p99: percentileMs(h, 99),
    max: percentileMs(h, 100),
    mean: h.totalCount === 0 ? 0 : h.mean / 1000,
  }
}
