/**
 * The load runner's own cost as its work grows (issue #21): CPU time (user + system of this process, the
 * runner's; the mock runs in its own process) and memory (RSS, V8 heap) per 1,000 requests and per GiB
 * moved, at 10, 100 and 1,000 connections against the mock; then a soak whose memory should stay flat,
 * because samples go to HDR histograms and are never kept one by one.
 *
 *   node --expose-gc --import tsx bench/loadScale.ts [--seconds 10] [--connections 10,100,1000]
 *                                                    [--soak-minutes 1] [--soak-connections 100]
 *
 * `--soak-minutes 0` skips the soak; the soak is `--soak-minutes 10`. With `--expose-gc` the heap is
 * measured after a full collection (what is kept, not what awaits collection). Writes reports/load-scale.json.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { MOCK_USER, startEmbeddedMock } from '../load/embeddedMock.ts'
import { executeLoad } from '../load/execute.ts'
import { table } from '../load/report/terminal.ts'
import { analyze } from '../load/summary.ts'

const MB = 1e6
const GIB = 2 ** 30

interface Memory {
  rssMB: number
  heapMB: number
  /** ArrayBuffers outside the JS heap: where HdrHistograms keep their counts. */
  buffersMB: number
}

/** RSS, heap and array buffers now; after a full collection when node runs with --expose-gc. */
function memory(): Memory {
  ;(globalThis as { gc?: () => void }).gc?.()
  const m = process.memoryUsage()
  return { rssMB: m.rss / MB, heapMB: m.heapUsed / MB, buffersMB: m.arrayBuffers / MB }
}

interface Cost {
  scenario: string
  connections: number
  seconds: number
  requests: number
  errors: number
  gib: number
  cpuSeconds: number
  cpuMsPer1kRequests: number
  cpuSecondsPerGiB: number | null
  peakRssMB: number
  start: Memory
  end: Memory
  /** (peak RSS − RSS at the start of the timed part) per 1,000 requests. */
  rssGrowthKBPer1kRequests: number
  /** Memory samples (one every `sampleSeconds`, after a collection), for the soak. */
  samples?: ({ t: number } & Memory)[]
}

/** One run: the runner's CPU and memory over the timed part only (not login, seeding or cleanup). */
async function measure(
  url: string,
  scenario: 'browse' | 'download',
  connections: number,
  seconds: number,
  sampleSeconds?: number,
): Promise<Cost> {
  let cpu = process.cpuUsage()
  let start = memory()
  let started = 0
  let peakRss = 0
  const samples: NonNullable<Cost['samples']> = []
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss / MB)
  }, 200)
  let soakTimer: NodeJS.Timeout | undefined
  let endOfRun: Memory | undefined
  try {
    const result = await executeLoad({
      target: url,
      ...MOCK_USER,
      scenario,
      model: { kind: 'closed', connections },
      durationSeconds: seconds,
      // Requests are what browse costs; bytes are what download costs (1 MiB files).
      fileSize: scenario === 'download' ? 2 ** 20 : 1024,
      chunkSize: 64 * 1024,
      onTimed: (phase) => {
        if (phase === 'start') {
          start = memory()
          cpu = process.cpuUsage()
          started = performance.now()
          if (sampleSeconds) {
            soakTimer = setInterval(() => {
              const m = memory()
              samples.push({ t: Math.round((performance.now() - started) / 1000), ...m })
            }, sampleSeconds * 1000)
          }
        } else {
          const used = process.cpuUsage(cpu)
          cpu = { user: used.user, system: used.system }
          clearInterval(soakTimer)
          endOfRun = memory()
        }
      },
    })
    const end = endOfRun ?? memory()
    const { summary } = analyze(result)
    const t = summary.total
    const cpuSeconds = (cpu.user + cpu.system) / 1e6
    const gib = ((t.mbInPerSec + t.mbOutPerSec) * MB * result.durationSeconds) / GIB
    return {
      scenario,
      connections,
      seconds: result.durationSeconds,
      requests: t.requests,
      errors: t.errors,
      gib,
      cpuSeconds,
      cpuMsPer1kRequests: t.requests ? (cpuSeconds * 1000 * 1000) / t.requests : 0,
      cpuSecondsPerGiB: gib > 0.01 ? cpuSeconds / gib : null,
      peakRssMB: Math.max(peakRss, end.rssMB),
      start,
      end,
      rssGrowthKBPer1kRequests: t.requests
        ? ((Math.max(peakRss, start.rssMB) - start.rssMB) * MB) / t.requests
        : 0,
      ...(sampleSeconds ? { samples } : {}),
    }
  } finally {
    clearInterval(sampler)
    clearInterval(soakTimer)
  }
}

function options() {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '10,100,1000' },
      'soak-minutes': { type: 'string', default: '1' },
      'soak-connections': { type: 'string', default: '100' },
    },
  })
  const positive = (name: string, v: string, max = 600) => {
    const n = Number(v)
    if (!(n >= 0) || n > max) throw new Error(`--${name} must be a number from 0 to ${max}`)
    return n
  }
  return {
    seconds: positive('seconds', values.seconds),
    connections: values.connections.split(',').map((c) => positive('connections', c, 10_000)),
    soakMinutes: positive('soak-minutes', values['soak-minutes']),
    soakConnections: positive('soak-connections', values['soak-connections'], 10_000),
  }
}

const f = (v: number | null, digits = 2) => (v === null ? '–' : v.toFixed(digits))

function printCosts(costs: Cost[]) {
  console.log(
    table(
      [
        'scenario',
        'conns',
        'requests',
        'GiB',
        'CPU s',
        'CPU ms/1k req',
        'CPU s/GiB',
        'peak RSS MB',
        'RSS +MB',
        'RSS +KB/1k req',
        'heap MB start→end',
        'buffers MB start→end',
      ],
      costs.map((c) => [
        c.scenario,
        String(c.connections),
        c.requests.toLocaleString('en-US'),
        f(c.gib, 3),
        f(c.cpuSeconds),
        f(c.cpuMsPer1kRequests, 1),
        f(c.cpuSecondsPerGiB),
        f(c.peakRssMB, 0),
        f(Math.max(0, c.peakRssMB - c.start.rssMB), 1),
        f(c.rssGrowthKBPer1kRequests, 1),
        `${f(c.start.heapMB, 1)}→${f(c.end.heapMB, 1)}`,
        `${f(c.start.buffersMB, 1)}→${f(c.end.buffersMB, 1)}`,
      ]),
    ),
  )
}

async function main(): Promise<number> {
  const o = options()
  const gc = typeof (globalThis as { gc?: unknown }).gc === 'function'
  if (!gc) console.log('(no --expose-gc: heap figures include garbage awaiting collection)')
  const loadAtStart = loadavg()[0]
  const mock = await startEmbeddedMock()
  try {
    const costs: Cost[] = []
    for (const connections of o.connections) {
      for (const scenario of ['browse', 'download'] as const) {
        console.log(`${scenario} at ${connections} connections, ${o.seconds} s`)
        costs.push(await measure(mock.url, scenario, connections, o.seconds))
      }
    }
    console.log('\nthe runner’s own cost (this process; the mock runs in its own):')
    printCosts(costs)
    let soak: Cost | undefined
    if (o.soakMinutes > 0) {
      const seconds = o.soakMinutes * 60
      console.log(`\nsoak: browse at ${o.soakConnections} connections for ${o.soakMinutes} min`)
      soak = await measure(
        mock.url,
        'browse',
        o.soakConnections,
        seconds,
        Math.max(1, Math.min(30, seconds / 20)),
      )
      const s = soak.samples ?? []
      console.log(
        table(
          ['t (s)', 'RSS MB', 'heap MB', 'buffers MB'],
          [
            ['start', soak.start] as const,
            ...s.map((x) => [String(x.t), x] as const),
            ['end', soak.end] as const,
          ].map(([t, m]) => [t, f(m.rssMB, 1), f(m.heapMB, 1), f(m.buffersMB, 2)]),
        ),
      )
      const [first, last] = [s[0] ?? soak.start, s[s.length - 1] ?? soak.end]
      console.log(
        `${soak.requests.toLocaleString('en-US')} requests; first sample → last: RSS ${f(last.rssMB - first.rssMB, 1)} MB, heap ${f(last.heapMB - first.heapMB, 2)} MB; buffers ${f(soak.start.buffersMB, 2)} MB at the start, ${f(soak.end.buffersMB, 2)} MB at the end (samples include socket buffers in flight)`,
      )
    }
    const report = {
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
      settings: { ...o, gc },
      load: { start1m: loadAtStart, end1m: loadavg()[0] },
      costs,
      ...(soak ? { soak } : {}),
    }
    await mkdir('reports', { recursive: true })
    await writeFile('reports/load-scale.json', `${JSON.stringify(report, null, 2)}\n`)
    console.log('\nwrote reports/load-scale.json')
    return 0
  } finally {
    await mock.close()
  }
}

process.exitCode = await main()
