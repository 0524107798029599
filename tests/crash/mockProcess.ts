/**
 * The mock as a child process (`seafile-conformance mock --port 0 --data-dir DIR`), for tests that kill it:
 * started, its URL read from its first line, stopped with any signal; every wait is bounded.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'seafile-conformance.mjs')

export interface MockProcess {
  url: string
  child: ChildProcess
  /** Sends `signal` and waits (at most 10 s) for the process to end. */
  stop(signal: NodeJS.Signals): Promise<void>
  /** What it printed, for failure messages. */
  output(): string
}

export async function startMockProcess(dataDir: string, extra: string[] = []): Promise<MockProcess> {
  const child = spawn(process.execPath, [BIN, 'mock', '--port', '0', '--data-dir', dataDir, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
  })
  let out = ''
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString()
  })
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString()
  })
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the mock did not start within 2 minutes:\n${out}`)),
      120_000,
    )
    const look = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    }
    child.stdout!.on('data', look)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the mock exited (${code}) before listening:\n${out}`))
    })
  })
  return {
    url,
    child,
    output: () => out,
    stop: (signal) =>
      new Promise<void>((resolve, reject) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        const timer = setTimeout(
          () => reject(new Error(`the mock did not stop on ${signal} within a minute`)),
          60_000,
        )
        child.once('exit', () => {
          clearTimeout(timer)
          resolve()
        })
        child.kill(signal)
      }),
  }
}
