import { expect, test } from 'vitest'
import { inCI } from './systemPackage.ts'

test('CI is on for CI=true or 1, off when unset, empty, false or 0', () => {
  expect([{ CI: 'true' }, { CI: '1' }].map(inCI)).toEqual([true, true])
  expect([{}, { CI: '' }, { CI: 'false' }, { CI: '0' }].map(inCI)).toEqual([false, false, false, false])
})
