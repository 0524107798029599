import { describe, expect, it } from 'vitest'
import { decodePack, encodePack, PackFormatError } from './packFormat.ts'

const idA = 'a'.repeat(40)
const idB = '0123456789abcdef0123456789abcdef01234567'

describe('encodePack', () => {
  it('writes the id, a big-endian length and the bytes for each object', () => {
    const pack = encodePack([{ id: idA, data: Buffer.from('xyz') }])
    expect(pack.subarray(0, 40).toString('latin1')).toBe(idA)
    expect([...pack.subarray(40, 44)]).toEqual([0, 0, 0, 3])
    expect(pack.subarray(44).toString()).toBe('xyz')
  })

  it('gives an empty body for no objects', () => {
    expect(encodePack([]).length).toBe(0)
  })

  it('refuses an id that is not 40 lowercase hex', () => {
    expect(() => encodePack([{ id: 'A'.repeat(40), data: Buffer.alloc(1) }])).toThrow(RangeError)
  })
})

describe('decodePack', () => {
  it('reads back what encodePack wrote, in order', () => {
    const entries = [
      { id: idA, data: Buffer.from('first') },
      { id: idB, data: Buffer.alloc(70_000, 7) },
    ]
    const decoded = decodePack(encodePack(entries))
    expect(decoded.map((e) => e.id)).toEqual([idA, idB])
    expect(Buffer.from(decoded[1]!.data).equals(entries[1]!.data)).toBe(true)
  })

  it('accepts an empty body', () => {
    expect(decodePack(Buffer.alloc(0))).toEqual([])
  })

  it('refuses a frame whose id is not hex, with the Go message', () => {
    const bad = Buffer.concat([Buffer.from('z'.repeat(40)), Buffer.from([0, 0, 0, 1]), Buffer.from('x')])
    expect(() => decodePack(bad)).toThrow(new PackFormatError(`Fs obj id ${'z'.repeat(40)} is invalid`))
  })

  it('refuses a frame longer than the rest of the body', () => {
    const pack = encodePack([{ id: idA, data: Buffer.from('abcdef') }])
    expect(() => decodePack(pack.subarray(0, pack.length - 1))).toThrow('Request body size invalid')
  })

  it('refuses trailing bytes too short to be a frame', () => {
    const pack = Buffer.concat([encodePack([{ id: idA, data: Buffer.from('ok') }]), Buffer.from('tail')])
    expect(() => decodePack(pack)).toThrow('Request body size invalid')
  })
})
