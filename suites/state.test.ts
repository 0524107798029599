import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { CapabilityState, prerequisiteFailed } from './state.ts'

describe('CapabilityState', () => {
  test('records the first failure of a capability and shares it through the directory', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'sc-state-')), 'caps')
    const a = new CapabilityState(dir)
    a.reset()
    expect(a.failure('upload')).toBeUndefined()
    a.markFailed('upload', 'upload /x: expected 200, got 500\nstack', 'transfer > upload')
    a.markFailed('upload', 'a later failure', 'other')
    const b = new CapabilityState(dir)
    expect(b.failure('upload')).toEqual({
      capability: 'upload',
      reason: 'upload /x: expected 200, got 500',
      test: 'transfer > upload',
    })
    expect(prerequisiteFailed(b.failure('upload')!)).toBe(
      'prerequisite "upload" already failed in "transfer > upload": upload /x: expected 200, got 500',
    )
    expect(b.all()).toHaveLength(1)
    b.reset()
    expect(a.all()).toEqual([])
  })
})
