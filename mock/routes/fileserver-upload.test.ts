import { buffer } from 'node:stream/consumers'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { listDir, lookup } from '../model/repoTree.ts'
import { conforms } from '../testing/harness.ts'
import { BOUNDARY, formBody } from '../upload/testing/formBody.ts'
import {
  bytesOf,
  fileIdOf,
  form,
  link,
  local,
  type UploadFixture,
  uploadFixture,
} from '../upload/testing/uploadClient.ts'

let f: UploadFixture
beforeEach(async () => {
  f = await uploadFixture()
})
afterEach(async () => {
  await f.server.close()
})

/** POSTs to a file-server URL in process and checks the answer against the spec. */
async function post(url: string, body: BodyInit, headers: Record<string, string> = {}) {
  const res = await f.server.request(local(url), { method: 'POST', body, headers })
  const text = await conforms(res, 'POST', local(url))
  return { res, text }
}

async function headOf() {
  const repo = (await f.server.seaf.repos.get(f.repoId))!
  return f.server.seaf.repos.head(repo)
}

const names = async (dir: string) =>
  (await listDir(f.server.seaf.fs, (await headOf()).root_id, dir))?.map((d) => d.name).sort()

async function contentOf(path: string): Promise<Buffer> {
  const dirent = await lookup(f.server.seaf.fs, (await headOf()).root_id, path)
  if (!dirent) throw new Error(`${path} is missing`)
  return buffer(f.server.seaf.readFile(dirent.id))
}

async function mkdir(path: string) {
  const url = await link(f, 'upload-link')
  const rel = path.replace(/^\//, '')
  await post(url, form({ parent_dir: '/', relative_path: rel }, [{ name: '.keep', data: '' }]))
}

describe('POST /upload-api (whole multipart uploads)', () => {
  it('stores one file and answers its id as plain text', async () => {
    const url = await link(f, 'upload-link')
    const { res, text } = await post(
      url,
      form({ parent_dir: '/' }, [{ name: 'a.txt', data: 'hello world\n' }]),
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(text).toBe('a2223a08dae418d78cd1070b674325969cfbef75')
    expect((await contentOf('/a.txt')).toString()).toBe('hello world\n')
    expect((await headOf()).description).toBe('Added "a.txt".')
  })

  it('stores several files in one commit and joins their ids with tabs', async () => {
    const url = await link(f, 'upload-link')
    const files = [
      { name: 'one.bin', data: bytesOf(1000, 1) },
      { name: 'two.bin', data: bytesOf(9 << 20, 2) },
      { name: 'three.txt', data: '' },
    ]
    const before = (await headOf()).commit_id
    const { text } = await post(url, form({ parent_dir: '/' }, files))
    expect(text.split('\t')).toEqual(files.map((x) => fileIdOf(Buffer.from(x.data))))
    const head = await headOf()
    expect(head.description).toBe('Added "one.bin" and 2 more files.')
    expect(head.parent_id).toBe(before)
    expect((await contentOf('/two.bin')).equals(files[1]!.data as Buffer)).toBe(true)
  })

  it('answers JSON with ret-json, from the query or the form', async () => {
    const url = await link(f, 'upload-link')
    const viaQuery = await post(
      `${url}?ret-json=1`,
      form({ parent_dir: '/' }, [{ name: 'q.txt', data: 'q' }]),
    )
    expect(viaQuery.res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(JSON.parse(viaQuery.text)).toEqual([{ id: fileIdOf(Buffer.from('q')), name: 'q.txt', size: 1 }])
    const viaForm = await post(
      url,
      form({ parent_dir: '/', 'ret-json': '' }, [{ name: 'r.txt', data: 'rr' }]),
    )
    expect(viaForm.text).toBe(`[{"id":"${fileIdOf(Buffer.from('rr'))}","name":"r.txt","size":2}]`)
  })

  it('renames clashing names "name (1).ext" and reports the final names', async () => {
    const url = await link(f, 'upload-link')
    await post(url, form({ parent_dir: '/' }, [{ name: 'a.txt', data: '1' }]))
    const { text } = await post(
      `${url}?ret-json=1`,
      form({ parent_dir: '/' }, [
        { name: 'a.txt', data: '2' },
        { name: 'a.txt', data: '3' },
        { name: '.bashrc', data: '4' },
        { name: '.bashrc', data: '5' },
      ]),
    )
    expect(JSON.parse(text).map((x: { name: string }) => x.name)).toEqual([
      'a (1).txt',
      'a (2).txt',
      '.bashrc',
      ' (1).bashrc',
    ])
    expect(await names('/')).toEqual([' (1).bashrc', '.bashrc', 'a (1).txt', 'a (2).txt', 'a.txt'])
  })

  it('replaces with replace=1, and the query value wins over the form', async () => {
    const url = await link(f, 'upload-link')
    await post(url, form({ parent_dir: '/' }, [{ name: 'a.txt', data: 'old' }]))
    await post(`${url}?replace=1`, form({ parent_dir: '/', replace: '0' }, [{ name: 'a.txt', data: 'new' }]))
    expect(await names('/')).toEqual(['a.txt'])
    expect((await contentOf('/a.txt')).toString()).toBe('new')
    const replaceLink = await link(f, 'upload-link', 'p=/&replace=1')
    expect(replaceLink).toMatch(/\/upload-api\/[0-9a-f-]{36}\?replace=1$/)
    await post(replaceLink, form({ parent_dir: '/' }, [{ name: 'a.txt', data: 'newer' }]))
    expect((await contentOf('/a.txt')).toString()).toBe('newer')
  })

  it('creates relative_path folders mkdir -p style, in their own commit', async () => {
    const url = await link(f, 'upload-link')
    const { text } = await post(
      `${url}?ret-json=1`,
      form({ parent_dir: '/', relative_path: 'sub_1/sub_2/' }, [{ name: 'x.txt', data: 'x' }]),
    )
    expect(JSON.parse(text)[0].name).toBe('x.txt')
    expect(await names('/sub_1/sub_2')).toEqual(['x.txt'])
    const head = await headOf()
    expect(head.description).toBe('Added "x.txt".')
    const parent = await f.server.seaf.repos.head({
      ...(await f.server.seaf.repos.get(f.repoId))!,
      headCommitId: head.parent_id!,
    })
    expect(parent.description).toBe('Added directory "sub_1/sub_2"')
  })

  it('takes the base name of a part filename and normalises it to NFC', async () => {
    const url = await link(f, 'upload-link')
    const { text } = await post(
      `${url}?ret-json=1`,
      form({ parent_dir: '/' }, [{ name: 'dir/e\u0301.txt', data: 'e' }]),
    )
    expect(JSON.parse(text)[0].name).toBe('\u00e9.txt')
  })

  it.each([
    ['no parent_dir', { relative_path: 'x' }, 400, '{"error": "No parent_dir given.\n"}\n'],
    ['a bad replace', { parent_dir: '/', replace: '2' }, 400, '{"error": "Invalid argument replace.\n"}\n'],
    [
      'an absolute relative_path',
      { parent_dir: '/', relative_path: '/x' },
      400,
      '{"error": "Invalid relative path"}\n',
    ],
    ['a missing parent', { parent_dir: '/nope' }, 400, '{"error": "Parent dir doesn\'t exist.\n"}\n'],
  ])('refuses %s with the real body', async (_what, fields, status, body) => {
    const url = await link(f, 'upload-link')
    const { res, text } = await post(
      url,
      form(fields as Record<string, string>, [{ name: 'a.txt', data: 'a' }]),
    )
    expect(res.status).toBe(status)
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(text).toBe(body)
  })

  it('refuses a form without a file part, and a body that is not multipart (empty 400)', async () => {
    const url = await link(f, 'upload-link')
    const none = await post(url, form({ parent_dir: '/' }))
    expect([none.res.status, none.text]).toEqual([400, '{"error": "No file in multipart form.\n"}\n'])
    const plain = await post(url, 'parent_dir=/', { 'Content-Type': 'application/x-www-form-urlencoded' })
    expect([plain.res.status, plain.text]).toEqual([400, '\n'])
  })

  it('refuses a parent_dir other than the link folder with 403', async () => {
    await mkdir('/docs')
    const url = await link(f, 'upload-link', 'p=/docs')
    const { res, text } = await post(url, form({ parent_dir: '/' }, [{ name: 'a.txt', data: 'a' }]))
    expect([res.status, text]).toEqual([403, '{"error": "Parent dir doesn\'t match."}\n'])
    const ok = await post(url, form({ parent_dir: '/docs/' }, [{ name: 'a.txt', data: 'a' }]))
    expect(ok.res.status).toBe(200)
  })

  it('refuses invalid names with 400 "invalid fileName"', async () => {
    const url = await link(f, 'upload-link')
    const long = 'x'.repeat(256)
    const { res, text } = await post(url, form({ parent_dir: '/' }, [{ name: long, data: 'a' }]))
    expect([res.status, text]).toEqual([400, `{"error": "invalid fileName: ${long}.\n"}\n`])
  })

  it('refuses a token that is unknown, too short or for another operation', async () => {
    const body = () => form({ parent_dir: '/' }, [{ name: 'a.txt', data: 'a' }])
    const unknown = await post(
      'http://localhost/seafhttp/upload-api/00000000-0000-0000-0000-000000000000',
      body(),
    )
    expect([unknown.res.status, unknown.text]).toEqual([403, '{"error": "Access token not found"}\n'])
    const short = await post('http://localhost/seafhttp/upload-api/abc', body())
    expect([short.res.status, short.text]).toEqual([400, '{"error": "Invalid URL"}\n'])
    const update = await link(f, 'update-link')
    const wrong = await post(update.replace('/update-api/', '/upload-api/'), body())
    expect([wrong.res.status, wrong.text]).toEqual([
      403,
      '{"error": "Operation does not match access token."}\n',
    ])
    expect(unknown.res.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('answers 442 over max_upload_size and 443 over quota before reading the body', async () => {
    await f.server.close()
    f = await uploadFixture({ maxUploadSize: 100 })
    const url = await link(f, 'upload-link')
    const big = form({ parent_dir: '/' }, [{ name: 'a.bin', data: bytesOf(200) }])
    const tooLarge = await post(url, big)
    expect([tooLarge.res.status, tooLarge.text]).toEqual([442, '{"error": "File size is too large.\n"}\n'])
    await f.server.close()
    f = await uploadFixture({ userQuota: 1000 })
    const quotaUrl = await link(f, 'upload-link')
    // The check reads Content-Length (or the Content-Range total): a body of unknown length passes it.
    const body = formBody([
      { name: 'parent_dir', value: '/' },
      { name: 'file', filename: 'a.bin', data: bytesOf(2000) },
    ])
    const headers = { 'Content-Type': body.contentType, 'Content-Length': String(body.body.length) }
    const over = await post(quotaUrl, new Uint8Array(body.body), headers)
    expect([over.res.status, over.text]).toEqual([443, '{"error": "Out of quota.\n"}\n'])
    const small = formBody([
      { name: 'parent_dir', value: '/' },
      { name: 'file', filename: 'a.bin', data: bytesOf(100) },
    ])
    const fits = await post(quotaUrl, new Uint8Array(small.body), {
      'Content-Type': small.contentType,
      'Content-Length': String(small.body.length),
    })
    expect(fits.res.status).toBe(200)
  })

  it('answers the CORS preflight', async () => {
    const url = await link(f, 'upload-link')
    const res = await f.server.request(local(url), { method: 'OPTIONS' })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-methods')).toContain('POST')
  })

  it('serves the same route at the root as under /seafhttp', async () => {
    const url = (await link(f, 'upload-link')).replace('/seafhttp', '')
    const { res } = await post(url, form({ parent_dir: '/' }, [{ name: 'root.txt', data: 'r' }]))
    expect(res.status).toBe(200)
    expect(await names('/')).toEqual(['root.txt'])
  })

  it('reuses an upload token until it expires', async () => {
    await f.server.close()
    // A fake clock (Date only; timers and I/O stay real), not a sleep: the hour passes at once, however
    // busy the machine, and nothing races a one-second lifetime.
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      f = await uploadFixture({ tokenTtl: 3600 })
      const url = await link(f, 'upload-link')
      for (const name of ['a', 'b'])
        expect((await post(url, form({ parent_dir: '/' }, [{ name, data: name }]))).res.status).toBe(200)
      vi.setSystemTime(Date.now() + 3599_000)
      expect((await post(url, form({ parent_dir: '/' }, [{ name: 'c', data: 'c' }]))).res.status).toBe(200)
      vi.setSystemTime(Date.now() + 1_000)
      const late = await post(url, form({ parent_dir: '/' }, [{ name: 'd', data: 'd' }]))
      expect(late.res.status).toBe(403)
    } finally {
      vi.useRealTimers()
    }
  })

  it('answers a task id with need_idx_progress when idxProgress is on, and its progress', async () => {
    await f.server.close()
    f = await uploadFixture({ idxProgress: true })
    const url = await link(f, 'upload-link')
    const { text } = await post(
      `${url}?need_idx_progress=true`,
      form({ parent_dir: '/' }, [{ name: 'i.txt', data: 'idx' }]),
    )
    expect(text).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    const res = await f.server.request(`/seafhttp/idx_progress?task_id=${text}`)
    const progress = JSON.parse(await conforms(res, 'GET', '/seafhttp/idx_progress'))
    expect(progress).toMatchObject({ indexed: 3, total: 3, status: 0 })
    expect(JSON.parse(progress.ret_json)[0]).toEqual({
      id: fileIdOf(Buffer.from('idx')),
      name: 'i.txt',
      size: 3,
    })
    expect((await f.server.request('/idx_progress?task_id=nope')).status).toBe(404)
    expect((await f.server.request('/idx_progress')).status).toBe(400)
  })

  it('ignores need_idx_progress by default, as the Go file server', async () => {
    const url = await link(f, 'upload-link')
    const { text } = await post(
      `${url}?need_idx_progress=true`,
      form({ parent_dir: '/' }, [{ name: 'i.txt', data: 'i' }]),
    )
    expect(text).toBe(fileIdOf(Buffer.from('i')))
  })
})

describe("POST /upload-aj and /update-aj (the web app's routes)", () => {
  it('answers JSON without ret-json', async () => {
    const url = await link(f, 'upload-link', 'p=/&from=web')
    expect(url).toMatch(/\/upload-aj\//)
    const up = await post(url, form({ parent_dir: '/' }, [{ name: 'w.txt', data: 'web' }]))
    expect(up.res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(JSON.parse(up.text)).toEqual([{ id: fileIdOf(Buffer.from('web')), name: 'w.txt', size: 3 }])
    const update = await link(f, 'update-link', 'p=/&from=web')
    const changed = await post(update, form({ target_file: '/w.txt' }, [{ name: 'x', data: 'web2' }]))
    expect(changed.res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(JSON.parse(changed.text)).toEqual([{ id: fileIdOf(Buffer.from('web2')), name: 'w.txt', size: 4 }])
    // Same content: Go writes the JSON without setting its type, so it is sniffed as text.
    const same = await post(update, form({ target_file: '/w.txt' }, [{ name: 'x', data: 'web2' }]))
    expect(same.res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(JSON.parse(same.text)[0].id).toBe(fileIdOf(Buffer.from('web2')))
  })
})

describe('POST /update-api', () => {
  it('replaces a file, answers the id as plain text and commits "Modified"', async () => {
    const upload = await link(f, 'upload-link')
    await post(upload, form({ parent_dir: '/' }, [{ name: 'a.txt', data: 'v1' }]))
    const url = await link(f, 'update-link')
    expect(url).toMatch(/\/seafhttp\/update-api\/[0-9a-f-]{36}$/)
    const { res, text } = await post(url, form({ target_file: '/a.txt' }, [{ name: 'ignored', data: 'v2' }]))
    expect([res.status, text]).toEqual([200, fileIdOf(Buffer.from('v2'))])
    expect((await headOf()).description).toBe('Modified "a.txt"')
    expect((await contentOf('/a.txt')).toString()).toBe('v2')
  })

  it('makes no commit for identical content but gives the same answer', async () => {
    const upload = await link(f, 'upload-link')
    await post(upload, form({ parent_dir: '/' }, [{ name: 'a.txt', data: 'same' }]))
    const before = (await headOf()).commit_id
    const url = await link(f, 'update-link')
    const { text } = await post(url, form({ target_file: '/a.txt' }, [{ name: 'x', data: 'same' }]))
    expect(text).toBe(fileIdOf(Buffer.from('same')))
    expect((await headOf()).commit_id).toBe(before)
  })

  it('answers 441 for a missing target and 400 without target_file', async () => {
    const url = await link(f, 'update-link')
    const missing = await post(url, form({ target_file: '/none.txt' }, [{ name: 'x', data: 'x' }]))
    expect([missing.res.status, missing.text]).toEqual([441, '{"error": "File does not exist.\n"}\n'])
    const none = await post(url, form({}, [{ name: 'x', data: 'x' }]))
    expect([none.res.status, none.text]).toEqual([400, '{"error": "No target_file given.\n"}\n'])
  })

  it('refuses more than one file', async () => {
    const url = await link(f, 'update-link')
    const two = form({ target_file: '/a' }, [
      { name: 'x', data: 'x' },
      { name: 'y', data: 'y' },
    ])
    const { res, text } = await post(url, two)
    expect([res.status, text]).toEqual([400, '{"error": "More files in one request"}\n'])
  })

  it('refuses an upload token (op prefix rule)', async () => {
    const upload = await link(f, 'upload-link')
    const { res } = await post(
      upload.replace('/upload-api/', '/update-api/'),
      form({ target_file: '/a' }, [{ name: 'x', data: 'x' }]),
    )
    expect(res.status).toBe(403)
  })
})

describe('multipart body built by hand', () => {
  it('accepts fields after the file part, as Go reads the whole form first', async () => {
    const url = await link(f, 'upload-link')
    const body = formBody([
      { name: 'file', filename: 'late.txt', data: 'late' },
      { name: 'parent_dir', value: '/' },
    ])
    const { res } = await post(url, new Uint8Array(body.body), {
      'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`,
    })
    expect(res.status).toBe(200)
    expect((await contentOf('/late.txt')).toString()).toBe('late')
  })
})

describe('multipart upload over HTTP', () => {
  it('creates relative_path folders, renames clashes, replaces and updates through absolute URLs', async () => {
    const listener = await f.server.listen(0, '127.0.0.1')
    try {
      const api = (path: string) =>
        fetch(`${listener.url}${path}`, { headers: { Authorization: `Token ${f.client.token}` } }).then(
          (r) => r.json() as Promise<string>,
        )
      const url = await api(`/api2/repos/${f.repoId}/upload-link/?p=/`)
      expect(url.startsWith(`${listener.url}/seafhttp/upload-api/`)).toBe(true)
      const send = (target: string, fields: Record<string, string>, name: string, data: string) =>
        fetch(target, { method: 'POST', body: form(fields, [{ name, data }]) }).then((r) => r.text())
      const first = await send(`${url}?ret-json=1`, { parent_dir: '/', relative_path: 'a/b' }, 'x.txt', 'one')
      expect(JSON.parse(first)[0]).toEqual({ id: fileIdOf(Buffer.from('one')), name: 'x.txt', size: 3 })
      const clash = await send(`${url}?ret-json=1`, { parent_dir: '/', relative_path: 'a/b' }, 'x.txt', 'two')
      expect(JSON.parse(clash)[0].name).toBe('x (1).txt')
      await send(`${url}?replace=1`, { parent_dir: '/', relative_path: 'a/b' }, 'x.txt', 'three')
      expect((await contentOf('/a/b/x.txt')).toString()).toBe('three')
      const update = await api(`/api2/repos/${f.repoId}/update-link/?p=/`)
      expect(await send(update, { target_file: '/a/b/x.txt' }, 'any', 'four')).toBe(
        fileIdOf(Buffer.from('four')),
      )
      expect((await contentOf('/a/b/x.txt')).toString()).toBe('four')
    } finally {
      await listener.close()
    }
  })
})
