import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { formHas, formValue, MultipartError, parseMultipart } from './multipart.ts'
import { formBody } from './testing/formBody.ts'

const text = async (stream: Readable) => {
  const pieces: Buffer[] = []
  for await (const piece of stream) pieces.push(piece as Buffer)
  return Buffer.concat(pieces).toString()
}

function source(body: Buffer, pieceSize = 7): Readable {
  return Readable.from(
    (async function* () {
      for (let at = 0; at < body.length; at += pieceSize) {
        // Let the consumer run between pieces, as a socket would.
        await new Promise((r) => setImmediate(r))
        yield body.subarray(at, at + pieceSize)
      }
    })(),
  )
}

describe('parseMultipart', () => {
  it('streams file parts to the handler and collects values', async () => {
    const form = formBody([
      { name: 'parent_dir', value: '/docs' },
      { name: 'file', filename: 'a.txt', data: 'alpha' },
      { name: 'file', filename: 'b.txt', data: 'beta' },
      { name: 'replace', value: '1' },
    ])
    const seen: string[] = []
    const parsed = await parseMultipart(
      source(form.body),
      { 'content-type': form.contentType },
      async (p) => {
        seen.push([...p.fields.keys()].join(','))
        return `${p.filename}:${await text(p.stream)}`
      },
    )
    expect(parsed.files.map((f) => f.result)).toEqual(['a.txt:alpha', 'b.txt:beta'])
    expect(parsed.fields.get('parent_dir')).toEqual(['/docs'])
    expect(parsed.fields.get('replace')).toEqual(['1'])
    expect(seen).toEqual(['parent_dir', 'parent_dir'])
  })

  it('keeps the raw filename, path and RFC 2231 form included', async () => {
    const form = formBody([
      { name: 'file', filename: 'dir/x.txt', data: '1' },
      { name: 'file', filename: 'fallback', filenameStar: 'é.txt', data: '2' },
    ])
    const parsed = await parseMultipart(
      source(form.body),
      { 'content-type': form.contentType },
      async (p) => {
        await text(p.stream)
        return p.filename
      },
    )
    expect(parsed.files.map((f) => f.result)).toEqual(['dir/x.txt', 'é.txt'])
  })

  it('treats an octet-stream part without a filename as a value, as Go does', async () => {
    const form = formBody([{ name: 'blockids', filename: '', data: '["x"]' }])
    let calls = 0
    const parsed = await parseMultipart(source(form.body), { 'content-type': form.contentType }, async () => {
      calls++
    })
    expect(calls).toBe(0)
    expect(parsed.fields.get('blockids')).toEqual(['["x"]'])
  })

  it('refuses a body that is not multipart/form-data', async () => {
    await expect(
      parseMultipart(
        source(Buffer.from('a=1')),
        { 'content-type': 'application/x-www-form-urlencoded' },
        async () => 0,
      ),
    ).rejects.toBeInstanceOf(MultipartError)
  })

  it('refuses a body cut short, after the handler saw what arrived', async () => {
    const form = formBody([{ name: 'file', filename: 'a.bin', data: Buffer.alloc(1000, 1) }])
    const cut = form.body.subarray(0, form.body.length - 600)
    let received = 0
    const run = parseMultipart(source(cut, 64), { 'content-type': form.contentType }, async (p) => {
      for await (const piece of p.stream) received += (piece as Buffer).length
    })
    await expect(run).rejects.toBeInstanceOf(MultipartError)
    expect(received).toBeGreaterThan(0)
    expect(received).toBeLessThan(1000)
  })

  it('refuses a body whose stream errors mid-way', async () => {
    const form = formBody([{ name: 'file', filename: 'a.bin', data: Buffer.alloc(100, 1) }])
    const body = new Readable({ read() {} })
    body.push(form.body.subarray(0, 150))
    const run = parseMultipart(body, { 'content-type': form.contentType }, async (p) => text(p.stream))
    setTimeout(() => body.destroy(new Error('ECONNRESET')), 5)
    await expect(run).rejects.toBeInstanceOf(MultipartError)
  })

  it("rejects with the handler's own error and still drains later parts", async () => {
    const form = formBody([
      { name: 'file', filename: 'a', data: 'x' },
      { name: 'file', filename: 'b', data: 'y' },
    ])
    const boom = new Error('bad block')
    const seen: string[] = []
    const run = parseMultipart(source(form.body), { 'content-type': form.contentType }, async (p) => {
      seen.push(p.filename)
      throw boom
    })
    await expect(run).rejects.toBe(boom)
    expect(seen).toEqual(['a'])
  })
})

it('refuses values beyond Go\'s in-memory limit as "message too large"', async () => {
  // Each value fits the per-field limit; together they pass fieldSize + 1 MiB.
  const form = formBody(Array.from({ length: 1100 }, (_, i) => ({ name: `f${i}`, value: 'x'.repeat(999) })))
  const run = parseMultipart(source(form.body, 65536), { 'content-type': form.contentType }, async () => 0, {
    fieldSize: 1000,
  })
  await expect(run).rejects.toThrow('message too large')
})

describe('formValue', () => {
  it('lets the query win over the body, as r.FormValue does', () => {
    const fields = new Map([['replace', ['0']]])
    expect(formValue(new URLSearchParams('replace=1'), fields, 'replace')).toBe('1')
    expect(formValue(new URLSearchParams(''), fields, 'replace')).toBe('0')
    expect(formValue(new URLSearchParams(''), fields, 'nope')).toBe('')
  })

  it('reports presence whatever the value', () => {
    expect(formHas(new URLSearchParams('ret-json='), new Map(), 'ret-json')).toBe(true)
    expect(formHas(new URLSearchParams(''), new Map(), 'ret-json')).toBe(false)
  })
})
