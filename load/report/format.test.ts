import { expect, test } from 'vitest'
import { count, mb, rate } from './format.ts'

test('totals, rates and MB/s from 100 up carry the same thousands separators as counts', () => {
  expect([count(6382), rate(2084.4), rate(123456.7), mb(1234.5)]).toEqual([
    '6,382',
    '2,084',
    '123,457',
    '1,235',
  ])
  expect([rate(99.94), mb(4.567)]).toEqual(['99.9', '4.57'])
})
