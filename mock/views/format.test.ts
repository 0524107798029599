import { describe, expect, it } from 'vitest'
import { relativeTime, relativeTimeChangesAt } from './format.ts'

const labelAt = (seconds: number, nowMs: number) => {
  const real = Date.now
  Date.now = () => nowMs
  try {
    return relativeTime(seconds)
  } finally {
    Date.now = real
  }
}

describe('relativeTimeChangesAt', () => {
  it('is the first moment the relative label reads differently', () => {
    const ctime = 1_700_000_000
    for (const offset of [-5, 0, 1, 59, 60, 61, 119, 3599, 3600, 7199, 86399, 86400, 3 * 86400 + 17]) {
      const now = (ctime + offset) * 1000 + 250
      const at = relativeTimeChangesAt(ctime, now)
      expect(at).toBeGreaterThan(now)
      expect(labelAt(ctime, at - 1)).toBe(labelAt(ctime, now))
      expect(labelAt(ctime, at)).not.toBe(labelAt(ctime, now))
    }
  })
})
