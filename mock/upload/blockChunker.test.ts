import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { BLOCK_SIZE, BlockChunker, chunkStream, sha1Hex } from './blockChunker.ts'

const sha1 = (b: Uint8Array) => createHash('sha1').update(b).digest('hex')

async function* pieces(data: Buffer, size: number) {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size)
}

function collect() {
  const blocks = new Map<string, Buffer>()
  return { blocks, put: async (id: string, bytes: Buffer) => void blocks.set(id, bytes) }
}

describe('BlockChunker', () => {
  it('gives the documented block id for "hello world\\n"', async () => {
    const { put } = collect()
    const out = await chunkStream(pieces(Buffer.from('hello world\n'), 5), put)
    expect(out).toEqual({ blockIds: ['22596363b3de40b06f981fb85d82312e8c0ed511'], size: 12 })
  })

  it('has no blocks for empty input', async () => {
    const { put, blocks } = collect()
    expect(await chunkStream(pieces(Buffer.alloc(0), 1), put)).toEqual({ blockIds: [], size: 0 })
    expect(blocks.size).toBe(0)
  })

  it.each([1, 7, 16, 33])('cuts fixed blocks whatever the input piece size (%i)', async (pieceSize) => {
    const data = Buffer.from(Array.from({ length: 100 }, (_, i) => (i * 31) % 256))
    const { put, blocks } = collect()
    const out = await chunkStream(pieces(data, pieceSize), put, 16)
    const expected = [0, 16, 32, 48, 64, 80, 96].map((at) => sha1(data.subarray(at, at + 16)))
    expect(out).toEqual({ blockIds: expected, size: 100 })
    expect(Buffer.concat(out.blockIds.map((id) => blocks.get(id)!))).toEqual(data)
  })

  it('hands out blocks that later writes do not change', async () => {
    const { put, blocks } = collect()
    const chunker = new BlockChunker(put, 4)
    const reused = Buffer.from('aaaa')
    await chunker.write(reused)
    reused.fill('b')
    await chunker.write(reused)
    const { blockIds } = await chunker.end()
    expect(blockIds.map((id) => blocks.get(id)!.toString())).toEqual(['aaaa', 'bbbb'])
  })

  it('uses 8 MiB blocks by default', async () => {
    const data = Buffer.alloc(BLOCK_SIZE + 1, 1)
    const { put } = collect()
    const out = await chunkStream(pieces(data, 1 << 20), put)
    expect(out.blockIds).toEqual([sha1(data.subarray(0, BLOCK_SIZE)), sha1(data.subarray(BLOCK_SIZE))])
  })

  it('waits for each put before taking more', async () => {
    let inFlight = 0
    let most = 0
    const put = async () => {
      inFlight++
      most = Math.max(most, inFlight)
      await new Promise((r) => setTimeout(r, 1))
      inFlight--
    }
    await chunkStream(pieces(Buffer.alloc(64), 8), put, 4)
    expect(most).toBe(1)
  })

  it('refuses a non-positive block size', () => {
    expect(() => new BlockChunker(async () => {}, 0)).toThrow(RangeError)
  })

  it('hashes like node:crypto', () => {
    expect(sha1Hex(Buffer.from('abc'))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d')
  })
})
