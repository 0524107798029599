import { describe, expect, it } from 'vitest'
import { interleave, scenario } from './index.ts'

describe('scenario', () => {
  it('spreads a weighted mix evenly over one pass', () => {
    expect(interleave({ browse: 6, download: 3, upload: 1 }).join(' ')).toBe(
      'browse download browse browse download browse upload browse download browse',
    )
    expect(interleave({ browse: 0, download: 2, upload: 1 })).toEqual(['download', 'upload', 'download'])
  })

  it('lists the steps of the flows a scenario uses', () => {
    expect(scenario('browse').stepNames).toEqual(['repos', 'dir', 'stat'])
    expect(scenario('mixed', { browse: 0, download: 1, upload: 1 }).stepNames).toEqual([
      'download-link',
      'download',
      'upload-link',
      'upload',
      'upload-chunk',
    ])
  })
})
