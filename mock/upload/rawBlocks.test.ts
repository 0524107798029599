import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { BlockMismatchError, readVerifiedBlock } from './rawBlocks.ts'

const sha1 = (b: Uint8Array) => createHash('sha1').update(b).digest('hex')

describe('readVerifiedBlock', () => {
  it('returns the bytes of a block whose id matches', async () => {
    const bytes = Buffer.from('block-content')
    const stream = Readable.from([bytes.subarray(0, 3), bytes.subarray(3)])
    expect(await readVerifiedBlock(sha1(bytes), stream)).toEqual(bytes)
  })

  it('refuses a block whose bytes hash to another id', async () => {
    const run = readVerifiedBlock('0'.repeat(40), Readable.from([Buffer.from('x')]))
    await expect(run).rejects.toBeInstanceOf(BlockMismatchError)
    await expect(run).rejects.toMatchObject({ actual: sha1(Buffer.from('x')) })
  })
})
