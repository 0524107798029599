/**
 * For processTuning.test.ts, in a process of its own (`node --expose-gc --import tsx`): tunes the process
 * or not (argv[2]: 1 or 0), lets GC free what that allocated, then allocates 24 MiB and prints
 * `{"ownMapping": bool}`: whether glibc gave it a mapping of its own (mmap threshold below 24 MiB) or took
 * it from its heap (threshold raised, and the trim threshold with it).
 */
import { readFileSync } from 'node:fs'
import { tuneServerProcess } from './processTuning.ts'

if (process.argv[2] === '1') tuneServerProcess()
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with --expose-gc')
gc()
gc()
const size = (24 << 20) + 123
const buffer = Buffer.allocUnsafeSlow(size)
const ownMapping = readFileSync('/proc/self/maps', 'utf8')
  .split('\n')
  .some((line) => {
    const [low, high] = (line.split(' ')[0] ?? '').split('-').map((hex) => Number.parseInt(hex, 16))
    const length = (high ?? 0) - (low ?? 0)
    return length >= size && length <= size + 8192
  })
console.log(JSON.stringify({ ownMapping, bytes: buffer.length }))
