/**
 * The processes the upload benchmark sends to, each forked from bench/upload.ts with its role: the mock on
 * a data dir, and the two references (a bare node:http sink, and the essential-work server).
 */
import { type ChildProcess, fork } from 'node:child_process'
import http from 'node:http'
import { tuneServerProcess } from '../../mock/http/processTuning.ts'
import { createMockServer } from '../../mock/index.ts'
import { serveEssential } from '../essentialServer.ts'

/** The mock on loopback with its state on disk; reports its URL, stops when told or orphaned. */
export async function serveMock(dataDir: string): Promise<void> {
  // This process is the mock, as with the CLI's `mock` command: tuned for large uploads like it.
  const server = await createMockServer({
    dataDir,
    log: () => {},
    validateRequests: false,
    tuneProcess: true,
  })
  const { url, close } = await server.listen(0, '127.0.0.1')
  const stop = async () => {
    await close()
    await server.close()
    process.exit(0)
  }
  process.on('message', (m) => {
    if (m === 'stop') void stop()
    // The mock's CPU time (all threads), so a run on a busy machine still says what the mock costs.
    if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() })
  })
  process.on('disconnect', () => void stop())
  process.send?.({ url })
}

/** The ceiling: a node:http server that reads each chunk and answers like the mock (no parsing, no disk). */
export async function serveSink(): Promise<void> {
  // The same process settings as the mock's (mock/http/processTuning.ts), for both references.
  tuneServerProcess()
  const server = http.createServer((req, res) => {
    req.on('data', () => {})
    req.on('end', () => res.end('{"success": true}'))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  process.on('disconnect', () => process.exit(0))
  process.send?.({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}/upload-api/x` })
}

/** The essential-work reference, in its own process: reports its URL, stops when orphaned. */
export async function serveReference(dataDir: string): Promise<void> {
  tuneServerProcess()
  const { url } = await serveEssential(dataDir)
  process.on('disconnect', () => process.exit(0))
  process.send?.({ url })
}

/** Forks `entry` as a server (`args`: its role); resolves with the process and the URL it reports. */
export async function forkServer(
  entry: string,
  args: string[],
  execArgv: string[] = [],
): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(entry, args, { execArgv: ['--import', 'tsx', ...execArgv], stdio: 'inherit' })
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { url: string }).url))
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)))
  })
  return { child, url }
}
