/** Servers of the benchmark as child processes on loopback, each stopped by its handle. */
import { spawn } from 'node:child_process'
import { type Child, scriptPath, spawnServer, stopChild } from '../load/childServer.ts'

export type { Child } from '../load/childServer.ts'

/** `bench/serve.ts` in a child process (see there). */
export function serveChild(name: string, args: string[]): Promise<Child> {
  return spawnServer(name, scriptPath('./serve.ts', import.meta.url), args)
}

/** `prism mock spec/openapi.yaml` on a loopback port, quiet (its per-request log would slow it down). */
export async function servePrism(port: number): Promise<Child> {
  const bin = 'node_modules/.bin/prism'
  const child = spawn(
    bin,
    ['mock', 'spec/openapi.yaml', '-h', '127.0.0.1', '-p', String(port), '-v', 'error'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prism exited with ${child.exitCode}`)
    const up = await fetch(`${url}/api2/ping/`).then(
      () => true,
      () => false,
    )
    if (up) return { name: 'prism', url, pid: child.pid, stop: () => stopChild(child, false) }
    await new Promise((r) => setTimeout(r, 250))
  }
  await stopChild(child, false)
  throw new Error('prism did not start within 60 s')
}
