import { buffer } from 'node:stream/consumers'
import { describe, expect, it } from 'vitest'
import { readZip } from './testing/readZip.ts'
import { uniqueZipName, type ZipEntry, zipStream } from './zipStream.ts'

async function* chunks(...pieces: string[]) {
  for (const p of pieces) yield Buffer.from(p)
}

describe('zipStream', () => {
  it('streams files and empty folders that unzip to the same bytes', async () => {
    const big = Buffer.alloc(3 << 20)
    for (let i = 0; i < big.length; i++) big[i] = (i * 13) & 255
    const entries: ZipEntry[] = [
      { type: 'file', path: '/docs/a.txt', mtime: 1_700_000_000, open: () => chunks('hello ', 'world\n') },
      { type: 'dir', path: 'docs/empty', mtime: 1_700_000_000 },
      {
        type: 'file',
        path: 'docs/big.bin',
        mtime: 1_700_000_000,
        open: async function* () {
          for (let at = 0; at < big.length; at += 1 << 20) yield big.subarray(at, at + (1 << 20))
        },
      },
      { type: 'file', path: 'docs/empty.txt', mtime: 1_700_000_000, open: () => chunks() },
    ]
    const members = readZip(await buffer(zipStream(entries)))
    expect(members.map((m) => m.name)).toEqual([
      'docs/a.txt',
      'docs/empty/',
      'docs/big.bin',
      'docs/empty.txt',
    ])
    expect(members[0]!.data.toString()).toBe('hello world\n')
    expect(members[2]!.data.equals(big)).toBe(true)
    expect(members[3]!.data.length).toBe(0)
    expect(Math.abs(members[0]!.mtime.getTime() - 1_700_000_000_000)).toBeLessThan(2001)
  })

  it('opens a file only when the archive reaches it', async () => {
    const opened: string[] = []
    const entry = (path: string): ZipEntry => ({
      type: 'file',
      path,
      mtime: 0,
      open: () => {
        opened.push(path)
        return chunks(path)
      },
    })
    const stream = zipStream([entry('a'), entry('b')])
    expect(opened).toEqual([])
    await buffer(stream)
    expect(opened).toEqual(['a', 'b'])
  })

  it('fails the stream when a file cannot be read', async () => {
    const broken: ZipEntry = {
      type: 'file',
      path: 'x',
      mtime: 0,
      open: async function* () {
        yield Buffer.from('a')
        throw new Error('block missing')
      },
    }
    await expect(buffer(zipStream([broken]))).rejects.toThrow('block missing')
  })
})

describe('uniqueZipName', () => {
  it('numbers a taken name before its extension', () => {
    expect(uniqueZipName('a.txt', new Set(['a.txt', 'a (1).txt']))).toBe('a (2).txt')
    expect(uniqueZipName('dir', new Set(['dir']))).toBe('dir (1)')
    expect(uniqueZipName('free', new Set())).toBe('free')
  })
})
