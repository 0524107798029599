/**
 * `npm run bench`: on this machine, side by side, with each server in its own process on loopback:
 * - the mock vs Prism (`prism mock spec/openapi.yaml`) vs a bare node:http server answering the mock's
 *   own recorded bodies, on `GET /api2/repos/` and on a directory listing of 1,000 entries;
 * - our load runner vs plain autocannon on the same server and request;
 * - `bench/upload.ts` when present (resumable 1 GiB upload vs SHA-1 speed, peak RSS).
 * Writes reports/bench.json and prints the ratios against their targets.
 *
 * The machine is shared (2 cores, other work): every figure is the median of BENCH_ROUNDS rounds (default
 * 3), each measurement after a 1 s warm-up, the servers measured one after the other within a round in an
 * order that turns from round to round, and a ratio is the median of the rounds' ratios (both sides
 * measured minutes apart would see different loads). The servers' CPU time per request is kept too: it
 * depends much less on what else runs.
 *
 *   BENCH_SECONDS=5 BENCH_ROUNDS=3 npm run bench      BENCH_UPLOAD=0 skips the upload benchmark
 *   npm run bench -- --peer URL --peer-user U --peer-password P   the mock against another server (bench/peer.ts)
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { SeafileApi } from '../load/seafileApi.ts'
import { type Child, serveChild, servePrism } from './children.ts'
import {
  autocannonRate,
  type Load,
  type Measurement,
  median,
  processCpuSeconds,
  runnerRate,
} from './measure.ts'
import { benchPeer, peerFrom } from './peer.ts'
import type { RecordedResponse } from './serve.ts'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3))
/** `BENCH_MOCK=standin` tries the mechanics on load/standIn.ts instead of the mock. */
const MOCK_KIND = process.env.BENCH_MOCK === 'standin' ? 'standin' : 'mock'
const CONNECTIONS = 10
const DIR_ENTRIES = 1000

/** One measurement, with the server's CPU time per request when it could be read. */
interface Sample extends Measurement {
  cpuMicrosPerRequest?: number
  load1m: number
}

interface Row extends Measurement {
  server: string
  endpoint: string
  status: number
  /** Median of the rounds' server CPU time per request, µs. */
  cpuMicrosPerRequest?: number
  rounds: Sample[]
}

/** A server under test and how to ask it for each endpoint. */
interface Target {
  child: Child
  headers: Record<string, string>
  /** Path of each endpoint on this server (the directory's library id differs per mock). */
  paths: string[]
}

const ENDPOINTS = ['library list', `directory of ${DIR_ENTRIES} entries`]

/** Rotations of `items`, one per round: every item is measured first in some round, last in another. */
const rotated = <T>(items: T[], round: number): T[] => items.map((_, i) => items[(i + round) % items.length]!)

/** A warm-up second, then the measurement, with the server's CPU time over it. */
async function sample(load: Load, pid: number | undefined, measure = autocannonRate): Promise<Sample> {
  await measure({ ...load, seconds: 1 })
  const cpuBefore = processCpuSeconds(pid)
  const m = await measure(load)
  const cpuAfter = processCpuSeconds(pid)
  const requests = m.rps * load.seconds
  return {
    ...m,
    ...(cpuBefore !== undefined && cpuAfter !== undefined && requests > 0
      ? { cpuMicrosPerRequest: ((cpuAfter - cpuBefore) * 1e6) / requests }
      : {}),
    load1m: loadavg()[0]!,
  }
}

async function main(): Promise<number> {
  const peer = peerFrom(process.argv.slice(2), process.env)
  const loadAtStart = loadavg()[0]
  const children: Child[] = []
  const start = async (name: string, args: string[]) => {
    const child = await serveChild(name, args)
    children.push(child)
    return child
  }
  try {
    const prism = await servePrism(await freePort())
    children.push(prism)
    console.log(`seeding the mocks: a library with ${DIR_ENTRIES} files`)
    const mock = await seededMock(await start('mock', [MOCK_KIND]))
    // Libraries until the mock's list is about as long as Prism's example, so both send similar bodies.
    const prismListBytes = (await fetchBody(prism.url + mock.paths[0]!, mock.headers)).body.length
    let extra = 0
    while (
      (await fetchBody(mock.child.url + mock.paths[0]!, mock.headers)).body.length <
      prismListBytes * 0.9
    ) {
      if (extra >= 20) break
      await mock.api.createLibrary(`bench-${extra++}`)
    }
    // The same state without request validation (mock option validateRequests): what the spec check costs.
    const unvalidated = await seededMock(
      await start('mock, no validation', [MOCK_KIND === 'mock' ? 'mock-unvalidated' : MOCK_KIND]),
    )
    for (let i = 0; i < extra; i++) await unvalidated.api.createLibrary(`bench-${i}`)
    const recorded: Record<string, RecordedResponse> = {}
    for (const path of mock.paths) recorded[path] = await fetchBody(mock.child.url + path, mock.headers)
    const file = join(await mkdtemp(join(tmpdir(), 'bench-')), 'responses.json')
    await writeFile(file, JSON.stringify(recorded))
    const bare: Target = { child: await start('node:http', ['bare', file]), headers: {}, paths: mock.paths }
    const prismTarget: Target = { child: prism, headers: mock.headers, paths: mock.paths }

    const rows: Row[] = []
    const targets = [mock, unvalidated, prismTarget, bare]
    for (const [i, endpoint] of ENDPOINTS.entries()) {
      const samples = new Map<Target, Sample[]>(targets.map((t) => [t, []]))
      for (let round = 0; round < ROUNDS; round++) {
        for (const t of rotated(targets, round)) {
          const s = await sample(loadOf(t, i), t.child.pid)
          samples.get(t)!.push(s)
          console.log(
            `  round ${round + 1}  ${t.child.name.padEnd(20)} ${endpoint.padEnd(26)} ${s.rps.toFixed(0).padStart(7)} req/s` +
              (s.cpuMicrosPerRequest === undefined ? '' : `  ${s.cpuMicrosPerRequest.toFixed(0)} µs CPU/req`),
          )
        }
      }
      for (const t of targets) {
        const load = loadOf(t, i)
        const body = await fetchBody(load.url + load.path, t.headers)
        const rounds = samples.get(t)!
        const cpu = rounds.flatMap((r) =>
          r.cpuMicrosPerRequest === undefined ? [] : [r.cpuMicrosPerRequest],
        )
        rows.push({
          server: t.child.name,
          endpoint,
          status: body.status,
          bodyBytes: body.body.length,
          ...medianOf(rounds),
          ...(cpu.length ? { cpuMicrosPerRequest: median(cpu) } : {}),
          rounds,
        })
      }
    }

    const runner = []
    for (const t of [bare, mock]) {
      const load = loadOf(t, 0)
      // Same connections, duration and warm-up; plain first in one round, ours first in the next.
      const plain: Measurement[] = []
      const ours: Measurement[] = []
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? ['plain', 'ours'] : ['ours', 'plain']
        for (const which of order) {
          if (which === 'plain') plain.push(await sample(load, undefined))
          else ours.push(await sample(load, undefined, (l) => runnerRate(l)))
        }
      }
      const dynamic = await sample(load, undefined, (l) => runnerRate(l, true))
      const perRound = ours.map((o, r) => o.rps / plain[r]!.rps)
      runner.push({
        server: t.child.name,
        autocannon: medianOf(plain),
        runner: medianOf(ours),
        runnerDynamic: dynamic,
        roundRatios: perRound,
        ratio: median(perRound),
      })
      console.log(
        `  runner vs autocannon on ${t.child.name}: ${medianOf(ours).rps.toFixed(0)} vs ${medianOf(plain).rps.toFixed(0)} req/s (median of the round ratios ${(median(perRound) * 100).toFixed(1)}%)`,
      )
    }
    for (const c of children.splice(0)) await c.stop()

    const upload = await runUploadBench()
    const row = (server: string, endpoint: string) =>
      rows.find((r) => r.server === server && r.endpoint === endpoint)!
    const [list, dir] = ENDPOINTS as [string, string]
    const ratios = [
      ratio('mock / Prism, library list', row('mock', list), row('prism', list), 10),
      ratio('mock / node:http, library list', row('mock', list), row('node:http', list), 0.5),
      ratio('mock / node:http, directory', row('mock', dir), row('node:http', dir), 0.5),
      ratio('mock / Prism, directory (bodies differ)', row('mock', dir), row('prism', dir)),
      ratio(
        'mock without validation / node:http, list',
        row('mock, no validation', list),
        row('node:http', list),
      ),
      ratio(
        'mock without validation / node:http, dir',
        row('mock, no validation', dir),
        row('node:http', dir),
      ),
      ...runner.map((r) => ({
        name: `load runner / autocannon on ${r.server}`,
        value: r.ratio,
        rounds: r.roundRatios,
        target: 0.9,
        met: r.ratio >= 0.9,
      })),
      ...runner.map((r) => ({
        name: `  same, step rebuilt per request, ${r.server}`,
        value: r.runnerDynamic.rps / r.autocannon.rps,
      })),
    ]
    const report = {
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model,
        node: process.version,
        platform: process.platform,
      },
      settings: {
        seconds: SECONDS,
        rounds: ROUNDS,
        warmupSeconds: 1,
        connections: CONNECTIONS,
        dirEntries: DIR_ENTRIES,
        extraLibraries: extra,
      },
      load: { start1m: loadAtStart, end1m: loadavg()[0] },
      servers: rows,
      runner,
      ratios,
      upload,
      ...(peer ? { peer: await benchPeer(peer, SECONDS, ROUNDS) } : {}),
    }
    await mkdir('reports', { recursive: true })
    await writeFile('reports/bench.json', `${JSON.stringify(report, null, 2)}\n`)
    printReport(rows, ratios)
    console.log(
      `\nload average ${loadAtStart?.toFixed(2)} at the start, ${loadavg()[0]?.toFixed(2)} at the end, ${cpus().length} CPUs`,
    )
    console.log('\nwrote reports/bench.json')
    return 0
  } finally {
    for (const c of children) await c.stop()
  }
}

/** The median of each figure over the rounds (not one round's figures: they may come from different rounds). */
function medianOf(rounds: Measurement[]): Measurement {
  const of = (k: keyof Measurement) => median(rounds.map((r) => (r[k] as number | undefined) ?? 0))
  return {
    rps: of('rps'),
    mbps: of('mbps'),
    p50: of('p50'),
    p99: of('p99'),
    non2xx: rounds.reduce((n, r) => n + r.non2xx, 0),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
  }
}

function loadOf(t: Target, endpoint: number): Load {
  return {
    url: t.child.url,
    path: t.paths[endpoint]!,
    headers: t.headers,
    connections: CONNECTIONS,
    seconds: SECONDS,
  }
}

/** Logs in to a mock child and gives it the 1,000-entry library. */
async function seededMock(child: Child): Promise<Target & { api: SeafileApi }> {
  const api = await SeafileApi.connect(child.url, { user: 'user@example.com', password: 'user' })
  const repoId = await seedDirectory(api)
  return {
    child,
    api,
    headers: { Authorization: `Token ${api.token}` },
    paths: ['/api2/repos/', `/api2/repos/${repoId}/dir/?p=/`],
  }
}

async function seedDirectory(api: SeafileApi): Promise<string> {
  const repoId = await api.createLibrary('bench-directory')
  const link = await api.uploadLink(repoId, '/')
  const names = Array.from({ length: DIR_ENTRIES }, (_, i) => `file-${String(i).padStart(4, '0')}.txt`)
  for (let i = 0; i < names.length; i += 25) {
    await Promise.all(
      names.slice(i, i + 25).map((n) => api.uploadFile(link, n, Buffer.from(`content of ${n}\n`))),
    )
  }
  return repoId
}

async function fetchBody(url: string, headers: Record<string, string>): Promise<RecordedResponse> {
  const res = await fetch(url, { headers })
  const kept: Record<string, string> = {}
  res.headers.forEach((value, name) => {
    if (!['content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding'].includes(name))
      kept[name] = value
  })
  return { status: res.status, headers: kept, body: await res.text() }
}

/** `a` over `b`: the median of the rounds' ratios when both have rounds, else of the figures. */
function ratio(name: string, a: Row, b: Row, target?: number) {
  const rounds = a.rounds.map((r, i) => r.rps / (b.rounds[i]?.rps ?? Number.NaN))
  const value = rounds.length ? median(rounds) : a.rps / b.rps
  return {
    name,
    value,
    rounds,
    target,
    met: target === undefined ? undefined : value >= target,
    ...(a.bodyBytes !== undefined && b.bodyBytes !== undefined
      ? { bodyBytes: [a.bodyBytes, b.bodyBytes] }
      : {}),
    ...(a.cpuMicrosPerRequest !== undefined && b.cpuMicrosPerRequest !== undefined
      ? { cpuMicrosPerRequest: [a.cpuMicrosPerRequest, b.cpuMicrosPerRequest] }
      : {}),
  }
}

interface Ratio {
  name: string
  value: number
  target?: number
  met?: boolean
  bodyBytes?: number[]
}

/** Runs the colleague's `bench/upload.ts` in its own process; its stdout is kept, JSON lines parsed. */
async function runUploadBench(): Promise<unknown> {
  if (process.env.BENCH_UPLOAD === '0') return { skipped: 'BENCH_UPLOAD=0' }
  if (!existsSync('bench/upload.ts')) return { skipped: 'bench/upload.ts is not there yet' }
  console.log('\nbench/upload.ts:')
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/upload.ts'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  child.stdout.on('data', (d: Buffer) => {
    out += d
    process.stdout.write(d)
  })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  const json = out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as unknown]
      } catch {
        return []
      }
    })
  return { exitCode: code, results: json, output: json.length ? undefined : out.slice(-4000) }
}

function printReport(rows: Row[], ratios: Ratio[]) {
  console.log(
    `\n${'server'.padEnd(21)}${'endpoint'.padEnd(27)}${'status'.padStart(6)}${'body B'.padStart(9)}${'req/s'.padStart(9)}${'MB/s'.padStart(8)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'µs CPU/req'.padStart(12)}`,
  )
  for (const r of rows) {
    const cpu = r.cpuMicrosPerRequest === undefined ? '' : r.cpuMicrosPerRequest.toFixed(0)
    console.log(
      `${r.server.padEnd(21)}${r.endpoint.padEnd(27)}${String(r.status).padStart(6)}${String(r.bodyBytes).padStart(9)}${r.rps.toFixed(0).padStart(9)}${r.mbps.toFixed(1).padStart(8)}${r.p50.toFixed(2).padStart(8)}${r.p99.toFixed(2).padStart(8)}${cpu.padStart(12)}`,
    )
  }
  console.log(`\nratios (req/s, median of ${ROUNDS} rounds):`)
  for (const r of ratios) {
    const mark = r.met === undefined ? ' ' : r.met ? '✓' : '✗'
    const target =
      r.target === undefined ? '' : ` (target ≥ ${r.target < 1 ? `${r.target * 100}%` : `${r.target}×`})`
    const bodies = r.bodyBytes ? `  bodies ${r.bodyBytes[0]} vs ${r.bodyBytes[1]} B` : ''
    console.log(
      `  ${mark} ${r.name.padEnd(44)} ${r.value < 2 ? `${(r.value * 100).toFixed(1)}%` : `${r.value.toFixed(1)}×`}${target}${bodies}`,
    )
  }
}

async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise((resolve) => probe.close(resolve))
  return port
}

process.exitCode = await main()
