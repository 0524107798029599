import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { hashingOnWorker, runningSha1 } from './runningSha1.ts'

const sha1 = (...parts: Uint8Array[]) => {
  const hash = createHash('sha1')
  for (const p of parts) hash.update(p)
  return hash.digest('hex')
}

describe('runningSha1', () => {
  test('hashes pieces of shared memory (read in place) and of ordinary buffers, in order', async () => {
    const memory = new WebAssembly.Memory({ initial: 16, maximum: 16, shared: true })
    const shared = Buffer.from(memory.buffer, 0, 1 << 20)
    randomBytes(1 << 20).copy(shared)
    const plain = randomBytes(1000)
    const hash = runningSha1()
    await hash.update(shared.subarray(3, 70_000))
    await hash.update(plain)
    await hash.update(shared.subarray(70_000))
    expect(await hash.digest()).toBe(sha1(shared.subarray(3, 70_000), plain, shared.subarray(70_000)))
    expect(hashingOnWorker()).toBe(true)
  })

  test('keeps many hashes apart, fed concurrently', async () => {
    const pieces = Array.from({ length: 20 }, () => [randomBytes(5000), randomBytes(7)])
    const hashes = pieces.map(() => runningSha1())
    await Promise.all(pieces.flatMap(([a], i) => [hashes[i]!.update(a!)]))
    await Promise.all(pieces.flatMap(([, b], i) => [hashes[i]!.update(b!)]))
    const digests = await Promise.all(hashes.map((h) => h.digest()))
    expect(digests).toEqual(pieces.map(([a, b]) => sha1(a!, b!)))
  })

  test('an empty hash is the SHA-1 of nothing; a dropped one starts again empty', async () => {
    expect(await runningSha1().digest()).toBe(sha1())
    const dropped = runningSha1()
    await dropped.update(Buffer.from('abc'))
    dropped.drop()
    expect(await dropped.digest()).toBe(sha1())
  })
})
