/** What the upload benchmark reads of a process: CPU time, page faults, RSS; and the disk's speed. */
import type { ChildProcess } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { join } from 'node:path'
import { CHUNK } from './blocks.ts'

/** Writes 256 MiB in 8 MiB writes and fsyncs once: what the disk under the data dir takes. */
export async function diskSpeed(dir: string): Promise<number> {
  const path = join(dir, 'disk-probe')
  const data = Buffer.alloc(CHUNK, 7)
  const t0 = performance.now()
  const handle = await open(path, 'w')
  for (let i = 0; i < 32; i++) await handle.write(data)
  await handle.sync()
  await handle.close()
  const seconds = (performance.now() - t0) / 1000
  rmSync(path)
  return 256 / seconds
}

/** A process's minor page faults so far (/proc/PID/stat, field 10); 0 where there is no /proc. */
export function minorFaults(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return Number(fields[7])
  } catch {
    return 0
  }
}

/** The child's user and system CPU seconds so far. */
export function childCpu(child: ChildProcess): Promise<{ user: number; system: number }> {
  return new Promise((resolve) => {
    const onMessage = (m: unknown) => {
      const cpu = (m as { cpu?: NodeJS.CpuUsage }).cpu
      if (!cpu) return
      child.off('message', onMessage)
      resolve({ user: cpu.user / 1e6, system: cpu.system / 1e6 })
    }
    child.on('message', onMessage)
    child.send('cpu')
  })
}

/** Samples the child's RSS; VmHWM (the kernel's own peak) is read at the end. */
export function watchRss(pid: number): { stop(): { sampledPeak: number; hwm: number } } {
  const read = (field: string) => {
    try {
      const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
      return m ? Number(m[1]) * 1024 : 0
    } catch {
      return 0
    }
  }
  let sampledPeak = 0
  const timer = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, read('VmRSS'))
  }, 10)
  return {
    stop() {
      clearInterval(timer)
      return { sampledPeak: Math.max(sampledPeak, read('VmRSS')), hwm: read('VmHWM') }
    },
  }
}
