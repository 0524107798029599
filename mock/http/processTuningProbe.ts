/**
 * For processTuning.test.ts, in a process of its own (`node --expose-gc --import tsx`): puts V8 in the state
 * a slow start leaves it in (growing factor 1.1), starts a mock whose `listen()` tunes the process or not
 * (argv[2]: 1 or 0), streams `argv[3]` MiB through node:http in 8 MiB bodies, and prints
 * `{"majors": N, "pageFaults": N}`: the mark-compacts and minor page faults meanwhile.
 */
import http from 'node:http'
import { constants, PerformanceObserver } from 'node:perf_hooks'
import { setFlagsFromString } from 'node:v8'
import { createMockServer } from '../index.ts'

const tuneProcess = process.argv[2] === '1'
const mib = Number(process.argv[3] ?? 512)
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with --expose-gc')

setFlagsFromString('--heap-growing-percent=10')
const mock = await createMockServer({ tuneProcess, log: () => {} })
const listening = await mock.listen(0, '127.0.0.1')
// The limit is recomputed at a mark-compact: this one uses whatever factor is in force now.
gc()

let majors = 0
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    if ((entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)
      majors++
})
observer.observe({ entryTypes: ['gc'] })

const sink = http.createServer((req, res) => {
  let bytes = 0
  req.on('data', (piece: Buffer) => {
    bytes += piece.length
  })
  req.on('end', () => res.end(String(bytes)))
})
await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve))
const { port } = sink.address() as { port: number }
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
const body = Buffer.alloc(8 << 20, 1)
const faults = process.resourceUsage().minorPageFault
for (let i = 0; i < mib / 8; i++)
  await new Promise<void>((resolve, reject) => {
    const req = http.request({ port, host: '127.0.0.1', method: 'POST', agent }, (res) => {
      res.resume()
      res.on('end', resolve)
    })
    req.on('error', reject)
    req.end(body)
  })
const pageFaults = process.resourceUsage().minorPageFault - faults
// Entries arrive on a later tick.
await new Promise((resolve) => setTimeout(resolve, 50))
observer.disconnect()
agent.destroy()
sink.close()
await listening.close()
await mock.close()
console.log(JSON.stringify({ majors, pageFaults }))
