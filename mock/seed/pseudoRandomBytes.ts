/** Deterministic filler bytes for seed files (`bytes: N`): the same on every machine and every reset. */
import { createHash } from 'node:crypto'

/** `size` bytes of xorshift128 output seeded from `label` (the file's path), so two files differ. */
export function pseudoRandomBytes(size: number, label: string): Buffer {
  const seed = createHash('sha1').update(label).digest()
  let x = seed.readUInt32LE(0) | 1
  let y = seed.readUInt32LE(4)
  let z = seed.readUInt32LE(8)
  let w = seed.readUInt32LE(12)
  const words = new Uint32Array(Math.ceil(size / 4))
  for (let i = 0; i < words.length; i++) {
    const t = x ^ (x << 11)
    x = y
    y = z
    z = w
    w = (w ^ (w >>> 19) ^ (t ^ (t >>> 8))) >>> 0
    words[i] = w
  }
  return Buffer.from(words.buffer, 0, size)
}
