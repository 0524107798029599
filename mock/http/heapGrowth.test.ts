import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, test } from 'vitest'
import { resolveOptions } from '../options.ts'

const run = promisify(execFile)

/** Mark-compacts while 256 MiB stream through node:http in a process left with V8's factor at 1.1. */
async function majors(percent: number): Promise<number> {
  const probe = join(import.meta.dirname, 'heapGrowthProbe.ts')
  const { stdout } = await run(process.execPath, [
    '--expose-gc',
    '--import',
    'tsx',
    probe,
    String(percent),
    '256',
  ])
  return (JSON.parse(stdout.trim().split('\n').pop()!) as { majors: number }).majors
}

test('listen() sets the heap growing factor: no mark-compact storm while bodies stream in', async () => {
  // Without it, the probe reproduces the storm (20-26 mark-compacts per 512 MiB here, 10-11 per 256 MiB
  // with another core busy); with it, one.
  const untouched = await majors(0)
  const tuned = await majors(200)
  expect(untouched).toBeGreaterThanOrEqual(6)
  expect(tuned).toBeLessThanOrEqual(3)
})

test('heapGrowingPercent: default 200, from SEAFILE_MOCK_HEAP_GROWING_PERCENT, 0 allowed, no negatives', () => {
  expect(resolveOptions({}, {}).heapGrowingPercent).toBe(200)
  expect(resolveOptions({}, { SEAFILE_MOCK_HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent).toBe(0)
  expect(() => resolveOptions({ heapGrowingPercent: -1 }, {})).toThrow(/SEAFILE_MOCK_HEAP_GROWING_PERCENT/)
})
