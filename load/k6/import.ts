/**
 * Reads what a runner produced for `load merge`: our `load.json`, or the sample stream of a k6 run of the
 * emitted script (`k6 run --out json=runner.json`, optionally `.gz`). k6's own summary keeps no histogram,
 * so its samples are re-recorded into HdrHistograms here; that is what lets thresholds be judged on all
 * runners together (k6-operator#115).
 */
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { createGunzip } from 'node:zlib'
import { UserError } from '../../cli/userError.ts'
import { Recorder } from '../recorder.ts'
import { readResult } from '../report/model.ts'
import { type LoadModel, type LoadResult, RESULT_FORMAT } from '../result.ts'

export async function readRunnerResult(file: string): Promise<LoadResult> {
  return (await looksLikeK6(file)) ? readK6Samples(file) : readResult(file)
}

async function looksLikeK6(file: string): Promise<boolean> {
  if (file.endsWith('.gz')) return true
  const handle = await open(file).catch(() => {
    throw new UserError(`cannot read ${file}`)
  })
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(64), 0, 64, 0)
    return /^\{"type":"(Metric|Point)"/.test(buffer.subarray(0, bytesRead).toString())
  } finally {
    await handle.close()
  }
}

interface K6Line {
  type: 'Metric' | 'Point'
  metric: string
  data: { time?: string; value?: number; tags?: Record<string, string> | null }
}

export async function readK6Samples(file: string): Promise<LoadResult> {
  const input = createReadStream(file)
  const lines = createInterface({
    input: file.endsWith('.gz') ? input.pipe(createGunzip()) : input,
    crlfDelay: Infinity,
  })
  const recorder = new Recorder()
  let tags: Record<string, string> | undefined
  let first = Number.NaN
  let last = 0
  for await (const text of lines) {
    if (!text) continue
    let line: K6Line
    try {
      line = JSON.parse(text) as K6Line
    } catch {
      throw new UserError(`${file}: not a k6 JSON output line: ${text.slice(0, 80)}`)
    }
    const t = line.data.tags
    if (line.type !== 'Point' || !t?.step) continue
    const time = Date.parse(line.data.time ?? '')
    const value = line.data.value ?? 0
    if (!tags) {
      tags = t
      first = time
      // k6 flushes samples about once a second, nearly in time order: seconds count from the first one.
      recorder.start(time)
    }
    last = Math.max(last, time)
    switch (line.metric) {
      case 'http_req_duration':
        // k6 reports status 0 when no response arrived.
        recorder.request(
          t.step,
          t.status && t.status !== '0' ? t.status : (t.error_code ?? 'connection-error'),
          time,
        )
        recorder.latency(t.step, value, time)
        break
      case 'http_req_failed':
        if (value === 1) recorder.error(t.step, time)
        break
      case 'seafile_bytes_in':
        recorder.bytes(t.step, value, 0, time)
        break
      case 'seafile_bytes_out':
        recorder.bytes(t.step, 0, value, time)
        break
    }
  }
  if (!tags)
    throw new UserError(`${file}: no timed samples (was it written by a script from load --emit k6?)`)
  return {
    format: RESULT_FORMAT,
    scenario: tags.seafile_scenario ?? 'unknown',
    target: tags.seafile_target ?? 'unknown',
    model: parseModel(tags.seafile_model),
    startedAt: new Date(first).toISOString(),
    durationSeconds: Number(tags.seafile_duration) || Math.max(1, (last - first) / 1000),
    fileSize: Number(tags.seafile_file_size) || 0,
    runners: 1,
    steps: recorder.stepResults(),
    timeline: recorder.timeline(),
  }
}

/** `closed/10` or `open/200/20` (template.js tags). */
function parseModel(tag: string | undefined): LoadModel {
  const [kind, a, b] = (tag ?? '').split('/')
  if (kind === 'open') return { kind: 'open', rate: Number(a) || 1, connections: Number(b) || 1 }
  return { kind: 'closed', connections: Number(a) || 1 }
}
