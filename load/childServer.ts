/**
 * A server in a child process on loopback: it prints `{"url": …}` on its first stdout line and exits when
 * its stdin closes. The load generator and the server then never share an event loop.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { createInterface } from 'node:readline'
import { fileURLToPath, pathToFileURL } from 'node:url'

export interface Child {
  name: string
  url: string
  /** The process id, to read its CPU time (benchmarks). */
  pid?: number
  stop(): Promise<void>
}

/** Runs `script` (TypeScript through tsx, or compiled JavaScript as it is) with `args`. */
export function spawnServer(name: string, script: string, args: string[] = []): Promise<Child> {
  // tsx resolved from this package, so it works from any working directory; only sources need it.
  const loader = script.endsWith('.ts')
    ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href]
    : []
  const child = spawn(process.execPath, [...loader, script, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! })
    lines.once('line', (line) => {
      lines.close()
      resolve({
        name,
        url: (JSON.parse(line) as { url: string }).url,
        pid: child.pid,
        stop: () => stopChild(child, true),
      })
    })
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before listening`)))
  })
}

/** Prints the URL of a started server and closes it when stdin ends (the other side of spawnServer). */
export function announce(server: { url: string; close(): Promise<void> }): void {
  process.stdout.write(`${JSON.stringify({ url: server.url.replace(/\/+$/, '') })}\n`)
  process.stdin.resume()
  process.stdin.on('end', () => {
    void server.close().finally(() => process.exit(0))
  })
}

/** Ends stdin (the server exits by itself) or sends SIGTERM, to this child only; SIGKILL after 5 s. */
export function stopChild(child: ChildProcess, viaStdin: boolean): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(kill)
      resolve()
    })
    if (viaStdin) child.stdin?.end()
    else child.kill('SIGTERM')
  })
}

export const scriptPath = (relative: string, base: string) => fileURLToPath(new URL(relative, base))
