import { expect, test } from 'vitest'
import { throttleDelayMs } from './http.ts'

test('waits as long as a throttled answer asks, within 1 to 30 seconds', () => {
  expect(throttleDelayMs('{"detail":"Request was throttled. Expected available in 7 seconds."}')).toBe(7000)
  expect(throttleDelayMs('{"detail":"Request was throttled. Expected available in 0 seconds."}')).toBe(1000)
  expect(throttleDelayMs('{"detail":"Request was throttled. Expected available in 3600 seconds."}')).toBe(
    30000,
  )
  expect(throttleDelayMs('throttled')).toBe(5000)
})
