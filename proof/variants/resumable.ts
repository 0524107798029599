/** Resumable uploads: Content-Range chunks, their order, totals and lengths. */
import {
  bodyOf,
  type ProxiedRequest,
  type ProxiedResponse,
  pathOf,
  queryOf,
  textOf,
  type Variant,
} from '../proxy.ts'
import { ok } from './shared.ts'

/** A text answer of the file server (its errors are plain text). */
const plainAnswer = (status: number, text: string): ProxiedResponse => ({
  status,
  headers: new Headers({ 'content-type': 'text/plain; charset=utf-8' }),
  body: bodyOf(text),
})

/** The byte length of the multipart body's file part (the one with a `filename`), if there is one. */
const filePartLength = (req: ProxiedRequest): number | undefined => {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(req.headers.get('content-type') ?? '')
  if (!boundary) return undefined
  const body = Buffer.from(req.body)
  const delimiter = Buffer.from(`\r\n--${boundary[1] ?? boundary[2]}`)
  const head = body.indexOf('filename="')
  const start = head < 0 ? -1 : body.indexOf('\r\n\r\n', head)
  const end = start < 0 ? -1 : body.indexOf(delimiter, start + 4)
  return end < 0 ? undefined : end - (start + 4)
}

/** The next byte each resumable upload (link and file name) is at, for the resumable-*-refused variants. */
const nextByte = new Map<string, number>()

/**
 * A server stricter than the real one (which writes any chunk where it says): refuses with 409 a chunk
 * whose start compares to the bytes held as `refused(start, held)` says.
 */
const resumableOrderRefused = (
  name: string,
  what: string,
  grep: string,
  refused: (start: number, held: number) => boolean,
): Variant => {
  const rangeOf = (req: ProxiedRequest) =>
    req.method === 'POST' && /\/upload-api\//.test(pathOf(req))
      ? /^bytes (\d+)-(\d+)\/(\d+)$/.exec(req.headers.get('content-range') ?? '')
      : null
  const keyOf = (req: ProxiedRequest) => `${name} ${pathOf(req)} ${req.headers.get('content-disposition')}`
  return {
    name,
    breaks: `${what} is accepted, as the real server does (fileop.go writes each chunk where it says)`,
    grep,
    onRequest: (req) => {
      const range = rangeOf(req)
      if (!range) return undefined
      const held = nextByte.get(keyOf(req)) ?? 0
      return refused(Number(range[1]), held) ? plainAnswer(409, 'Chunk out of order\n') : undefined
    },
    onResponse: (req, res) => {
      const range = rangeOf(req)
      if (range && res.status === 200) {
        const end = Number(range[2])
        if (end === Number(range[3]) - 1) nextByte.delete(keyOf(req))
        else nextByte.set(keyOf(req), Math.max(nextByte.get(keyOf(req)) ?? 0, end + 1))
      }
      return res
    },
  }
}

/** The total of the first chunk of each resumable upload (link and file name), for resumable-total-first-wins. */
const firstTotals = new Map<string, number>()

export const resumableVariants: Variant[] = [
  {
    name: 'resumable-nonlast-wrong',
    breaks: 'a non-last Content-Range chunk answers {"success": true}',
    grep: 'chunks of 1 MiB: ',
    onResponse: (req, res) =>
      req.headers.has('content-range') && textOf(res.body).replace(/\s/g, '') === '{"success":true}'
        ? ok({ success: false })
        : res,
  },
  {
    name: 'resumable-same-name-overwrites',
    breaks: 'a resumable upload clashing with an existing name is committed as "name (1).ext"',
    grep: 'interleaving chunks of the same name: both commit',
    // Every chunk asks for replace=1: the later commit overwrites the earlier file instead of renaming.
    onRequest: (req) => {
      if (req.method === 'POST' && req.headers.has('content-range') && /\/upload-api\//.test(pathOf(req))) {
        const q = queryOf(req)
        q.set('replace', '1')
        req.url = `${pathOf(req)}?${q}`
      }
      return undefined
    },
  },
  {
    name: 'resumable-total-first-wins',
    breaks: 'a chunk ending at its own Content-Range total commits, whatever total earlier chunks gave',
    grep: 'chunks disagreeing on the total: the one ending',
    // The server holds the first chunk's total as the file size and waits for more bytes: the chunk that
    // ends at its own (smaller) total is answered as a non-last one and never reaches the upstream.
    onRequest: (req) => {
      const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(req.headers.get('content-range') ?? '')
      if (req.method !== 'POST' || !range || !/\/upload-api\//.test(pathOf(req))) return undefined
      const key = `${pathOf(req)} ${req.headers.get('content-disposition') ?? ''}`
      const total = Number(range[3])
      const first = firstTotals.get(key) ?? total
      if (Number(range[2]) === total - 1) firstTotals.delete(key)
      else firstTotals.set(key, first)
      return total !== first ? ok({ success: true }) : undefined
    },
  },
  {
    // Refusing an unusable Content-Range is what the C file server does (accepted at core, required at strict);
    // what no server may do is take the part and answer something else than the whole part it stored.
    name: 'bad-content-range-half-stored',
    breaks:
      'a Content-Range the real server cannot use is ignored: the part is uploaded whole (lax, as fileop.go)',
    grep: 'is ignored: the part is uploaded whole',
    onResponse: (req, res) => {
      const header = req.headers.get('content-range')
      if (req.method !== 'POST' || header === null || !/\/upload-api\//.test(pathOf(req))) return res
      const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header)
      const usable = range && Number(range[1]) <= Number(range[2]) && Number(range[2]) < Number(range[3])
      if (usable || res.status !== 200) return res
      const files = JSON.parse(textOf(res.body)) as { size: number }[]
      return ok(files.map((f) => ({ ...f, size: Math.floor(f.size / 2) })))
    },
  },
  {
    name: 'chunk-length-mismatch-refused',
    breaks:
      'a chunk whose body is longer or shorter than its Content-Range is written whole (lax, as fileop.go)',
    grep: 'is not its range length is written whole',
    // A stricter server: refuses a chunk whose file part does not hold exactly END - START + 1 bytes.
    onRequest: (req) => {
      const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(req.headers.get('content-range') ?? '')
      const length = range && req.method === 'POST' ? filePartLength(req) : undefined
      if (!range || length === undefined) return undefined
      const declared = Number(range[2]) - Number(range[1]) + 1
      return length === declared ? undefined : plainAnswer(400, 'Chunk length does not match Content-Range\n')
    },
  },
  resumableOrderRefused(
    'resumable-gap-refused',
    'a gap between chunks',
    'a gap is accepted',
    (a, b) => a > b,
  ),
  resumableOrderRefused(
    'resumable-overlap-refused',
    'an overlap between chunks',
    'an overlap is accepted',
    (a, b) => a < b,
  ),
]
