/**
 * Resumable upload benchmark: 1 GiB in 8 MiB Content-Range chunks over HTTP (loopback) to the mock, run in
 * its own process with an on-disk data dir.
 *
 *   npx tsx bench/upload.ts [--gib N] [--runs N]   (defaults 1 GiB, 5 runs)
 *
 * The headline, per run and then the median and spread (lowest-highest) of the runs: the upload's
 * throughput against SHA-1 over freshly filled 1 MiB buffers (the mock's buffer size; bench/upload/sha1.ts
 * says why), both measured in the same run (SHA-1 just before and just after the upload), as a wall-clock
 * ratio; and the mock's CPU seconds per GiB (all its threads) beside SHA-1's. Targets: ratio ≥ 50%, CPU
 * ≤ 2.5× SHA-1's, peak RSS < 256 MB (VmHWM from /proc, and VmRSS sampled).
 * The earlier baselines are printed beside (SHA-1 over the 8 MiB blocks, over one cache-resident buffer),
 * and for context each run also sends the same chunks to a bare node:http server that only reads them and
 * to one that does only the essential work of an upload with the mock's own tools
 * (bench/essentialServer.ts). Untimed uploads warm each server up first. Prints the figures, one JSON
 * line, and writes reports/bench-upload.json.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { block, blockPool, CHUNK, GiB, MiB } from './upload/blocks.ts'
import { api, uploadOnce } from './upload/client.ts'
import { childCpu, diskSpeed, minorFaults, watchRss } from './upload/procStats.ts'
import { forkServer, serveMock, serveReference, serveSink } from './upload/servers.ts'
import { sha1Blocks, sha1Fresh, sha1Hot } from './upload/sha1.ts'
import { printSummary, type RunFigures, summarize } from './upload/summary.ts'

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name)
  return at > 0 ? Number(process.argv[at + 1]) : fallback
}

/** Logs in, makes a library and returns its upload link. */
async function uploadLink(url: string): Promise<string> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  try {
    const login = { username: 'user@example.com', password: 'user' }
    const { token } = (await api(agent, url, undefined, 'POST', '/api2/auth-token/', login)) as {
      token: string
    }
    const repo = (await api(agent, url, token, 'POST', '/api2/repos/', { name: 'bench' })) as {
      repo_id: string
    }
    return (await api(agent, url, token, 'GET', `/api2/repos/${repo.repo_id}/upload-link/?p=/`)) as string
  } finally {
    agent.destroy()
  }
}

/** One timed upload of blocks run·blocks… and everything measured around it. */
async function oneRun(
  mock: { child: ChildProcess; link: string },
  references: { sink: string; essential: string },
  pool: Buffer[],
  run: number,
  blocks: number,
): Promise<RunFigures> {
  const total = blocks * CHUNK
  const first = run * blocks
  // SHA-1 just before and just after the upload: this machine's speed drifts within seconds.
  const before = sha1Fresh(pool, blocks, first)
  const cpuBefore = await childCpu(mock.child)
  const faultsBefore = minorFaults(mock.child.pid!)
  const clientBefore = process.cpuUsage()
  const up = await uploadOnce(mock.link, pool, run, blocks)
  const client = process.cpuUsage(clientBefore)
  const cpuAfter = await childCpu(mock.child)
  const faults = minorFaults(mock.child.pid!) - faultsBefore
  const after = sha1Fresh(pool, blocks, first)
  const sha1BlocksMbps = sha1Blocks(pool, blocks, first)
  const sha1HotMbps = sha1Hot(block(pool, first), blocks)
  const ceiling = await uploadOnce(references.sink, pool, run, blocks)
  const essential = await uploadOnce(references.essential, pool, run, blocks)
  const mbps = total / MiB / up.seconds
  const sha1Mbps = (before.mbps + after.mbps) / 2
  const sha1CpuSecondsPerGiB = (before.cpuSecondsPerGiB + after.cpuSecondsPerGiB) / 2
  const user = cpuAfter.user - cpuBefore.user
  const system = cpuAfter.system - cpuBefore.system
  const mockCpuSecondsPerGiB = (user + system) / (total / GiB)
  return {
    seconds: up.seconds,
    mbps,
    sha1Mbps,
    sha1BeforeMbps: before.mbps,
    sha1AfterMbps: after.mbps,
    sha1CpuSecondsPerGiB,
    ratio: mbps / sha1Mbps,
    mockCpuSecondsPerGiB,
    cpuRatio: mockCpuSecondsPerGiB / sha1CpuSecondsPerGiB,
    mockUserSeconds: user,
    mockSystemSeconds: system,
    mockPageFaults: faults,
    sha1BlocksMbps,
    sha1HotMbps,
    ceilingMbps: total / MiB / ceiling.seconds,
    essentialMbps: total / MiB / essential.seconds,
    clientCpuSeconds: (client.user + client.system) / 1e6,
    idMatches: up.id === before.fileId && up.size === total,
    load1m: loadavg()[0]!,
  }
}

async function main(): Promise<void> {
  const gib = arg('--gib', 1)
  const runs = Math.max(1, arg('--runs', 5))
  const blocks = Math.max(1, Math.round((gib * GiB) / CHUNK))
  const pool = blockPool(blocks)
  const dataDir = mkdtempSync(join(tmpdir(), 'seafile-bench-upload-'))
  const self = import.meta.filename
  let child: ChildProcess | undefined
  try {
    const disk = await diskSpeed(dataDir)
    // BENCH_PROFILE=DIR: a V8 CPU profile of the mock (node --cpu-prof) lands in DIR.
    const profile = process.env.BENCH_PROFILE
    const mock = await forkServer(
      self,
      ['--serve', dataDir],
      profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : [],
    )
    child = mock.child
    const link = await uploadLink(mock.url)
    // Warm-up, untimed: a 64 MiB upload (JIT, buffer pools, the data dir's first shards).
    await uploadOnce(link, pool, 1_000_000, 8)
    const reference = async (args: string[]) => {
      const started = await forkServer(self, args)
      await uploadOnce(started.url, pool, 0, blocks)
      return started
    }
    const sink = await reference(['--sink'])
    const essential = await reference(['--essential', dataDir])
    const rss = watchRss(child.pid!)
    const figures: RunFigures[] = []
    for (let run = 0; run < runs; run++) {
      const f = await oneRun({ child, link }, { sink: sink.url, essential: essential.url }, pool, run, blocks)
      figures.push(f)
      console.log(
        `run ${run + 1}: ${f.mbps.toFixed(0)} MB/s, ${(f.ratio * 100).toFixed(1)}% of SHA-1 over fresh 1 MiB buffers ` +
          `(${f.sha1Mbps.toFixed(0)} MB/s: ${f.sha1BeforeMbps.toFixed(0)} before, ${f.sha1AfterMbps.toFixed(0)} after); ` +
          `CPU per GiB mock ${f.mockCpuSecondsPerGiB.toFixed(2)} s, SHA-1 ${f.sha1CpuSecondsPerGiB.toFixed(2)} s (${f.cpuRatio.toFixed(2)}×); ` +
          `SHA-1 over 8 MiB blocks ${f.sha1BlocksMbps.toFixed(0)}, cache-resident ${f.sha1HotMbps.toFixed(0)} MB/s; ` +
          `sink ${f.ceilingMbps.toFixed(0)}, essential ${f.essentialMbps.toFixed(0)} MB/s; ${f.mockPageFaults} page faults; load ${f.load1m.toFixed(1)}`,
      )
    }
    const peak = rss.stop()
    for (const started of [sink, essential]) started.child.disconnect()
    const result = {
      ...summarize(figures, {
        bytes: blocks * CHUNK,
        chunkBytes: CHUNK,
        peakRssMB: Number((peak.hwm / 1e6).toFixed(1)),
        sampledPeakRssMB: Number((peak.sampledPeak / 1e6).toFixed(1)),
        diskWriteMBps: Number(disk.toFixed(1)),
      }),
      cpus: cpus().length,
      loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
      node: process.version,
    }
    printSummary(result, gib, `load ${result.loadAverage1m} on ${result.cpus} CPUs`)
    console.log(JSON.stringify(result))
    mkdirSync('reports', { recursive: true })
    writeFileSync('reports/bench-upload.json', `${JSON.stringify(result, null, 2)}\n`)
    if (!result.idMatches) process.exitCode = 1
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r))
      child.send('stop')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
      child.kill()
    }
    rmSync(dataDir, { recursive: true, force: true })
  }
}

if (process.argv[2] === '--serve') await serveMock(process.argv[3]!)
else if (process.argv[2] === '--sink') await serveSink()
else if (process.argv[2] === '--essential') await serveReference(process.argv[3]!)
else await main()
