import type { Readable } from 'node:stream'
import busboy from 'busboy'
import { useBoundarySearch } from './boundarySearch.ts'

/** The body is not a multipart form or is cut short: Go's `ParseMultipartForm` fails → 400, empty body. */
export class MultipartError extends Error {
  override readonly name = 'MultipartError'
}

/** One file part as it streams in. `fields` holds the values of the parts that came before it. */
export interface FilePart {
  field: string
  /** The part's `filename` (`filename*` preferred), not yet reduced to its base name. */
  filename: string
  stream: Readable
  fields: ReadonlyMap<string, readonly string[]>
}

export interface ParsedForm<T> {
  /** Every non-file part's values, in arrival order. */
  fields: Map<string, string[]>
  /** What `onFile` returned for each file part, in arrival order. */
  files: { field: string; filename: string; result: T }[]
}

export interface MultipartLimits {
  /** Largest single field value; Go keeps values in memory up to `maxMemory` + 10 MiB. */
  fieldSize?: number
  /** Most parts of either kind. */
  parts?: number
}

const FORM_DATA = /^multipart\/form-data\s*;/i

async function readField(stream: Readable, limit: number): Promise<string> {
  const pieces: Buffer[] = []
  let length = 0
  for await (const piece of stream as AsyncIterable<Buffer>) {
    length += piece.length
    if (length > limit) throw new MultipartError('field too large')
    pieces.push(piece)
  }
  return Buffer.concat(pieces).toString('utf8')
}

/**
 * Streams a `multipart/form-data` body through busboy. Each file part goes to `onFile` while it arrives
 * (backpressure holds the body until `onFile` has consumed it); values are collected. An error thrown by
 * `onFile` stops the handling of later parts, which are drained, and rejects once the body is read.
 *
 * Go (`net/http` ReadForm) calls a part with a non-empty `filename` a file, anything else a value, and
 * skips parts without a name; busboy also calls `application/octet-stream` parts files, so those without a
 * filename are turned back into values here.
 */
export function parseMultipart<T>(
  body: Readable,
  headers: { 'content-type'?: string | null },
  onFile: (part: FilePart) => Promise<T>,
  { fieldSize = 10 << 20, parts = 10_000 }: MultipartLimits = {},
): Promise<ParsedForm<T>> {
  const contentType = headers['content-type'] ?? ''
  if (!FORM_DATA.test(contentType)) {
    body.resume()
    return Promise.reject(new MultipartError('not multipart/form-data'))
  }
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy
    try {
      // Our boundary search (native searches) in this parser's streamsearch's place; see there.
      parser = useBoundarySearch(
        busboy({
          headers: { 'content-type': contentType },
          preservePath: true,
          defParamCharset: 'utf8',
          limits: { fieldSize, parts, fieldNameSize: 1024 },
          // Larger buffers than busboy's 64 KiB keep the socket, the parser and a slow disk write overlapping.
          highWaterMark: 256 << 10,
          fileHwm: 1 << 20,
        }),
      )
    } catch (error) {
      body.resume()
      reject(new MultipartError(String(error)))
      return
    }
    const fields = new Map<string, string[]>()
    // Go's ReadForm keeps at most maxMemory (1 MiB here) + 10 MiB of values: "multipart: message too large".
    let valueBytes = 0
    const addField = (name: string, value: string) => {
      valueBytes += Buffer.byteLength(value) + name.length
      if (valueBytes > fieldSize + (1 << 20)) fail(new MultipartError('multipart: message too large'))
      else fields.set(name, [...(fields.get(name) ?? []), value])
    }
    const files: ParsedForm<T>['files'] = []
    const work: Promise<unknown>[] = []
    let failure: unknown
    let chain: Promise<void> = Promise.resolve()
    let settled = false
    const fail = (error: unknown) => {
      failure ??= error
    }

    parser.on('field', (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated) fail(new MultipartError('field too large'))
      else if (name) addField(name, value)
    })
    parser.on('file', (name, stream, info) => {
      if (!name || failure !== undefined) {
        stream.resume()
        return
      }
      if (!info.filename) {
        work.push(readField(stream, fieldSize).then((value) => addField(name, value), fail))
        return
      }
      const filename = info.filename
      const entry = { field: name, filename, result: undefined as T }
      files.push(entry)
      const snapshot = new Map(fields)
      // One part at a time, in order (Go handles the parts in order once the form is read): a part
      // waits, with busboy paused behind it, until the previous handler has settled.
      const run = chain.then(async () => {
        if (failure !== undefined) {
          stream.resume()
          return
        }
        try {
          entry.result = await onFile({ field: name, filename, stream, fields: snapshot })
        } catch (error) {
          fail(error)
          stream.resume()
        }
      })
      chain = run
      work.push(run)
    })
    parser.on('partsLimit', () => fail(new MultipartError('too many parts')))
    // A parser error means the body itself is bad or cut short: that outranks what a handler threw.
    const finish = (parseError?: Error) => {
      if (settled) return
      settled = true
      Promise.allSettled(work).then(() => {
        if (parseError)
          reject(parseError instanceof MultipartError ? parseError : new MultipartError(parseError.message))
        else if (failure !== undefined) reject(failure)
        else resolve({ fields, files })
      })
    }
    parser.on('error', (error: Error) => finish(error))
    parser.on('close', () => finish())
    const abort = () => parser.destroy(new MultipartError('request body cut short'))
    body.on('error', abort)
    body.on('close', () => {
      if (!body.readableEnded) abort()
    })
    body.pipe(parser)
  })
}

/**
 * Go `r.FormValue(name)`: the first value of `r.Form`, where URL query values come before body values, so
 * the query wins (fileop.go reads `replace`, `ret-json` this way).
 */
export function formValue(
  query: URLSearchParams,
  fields: ReadonlyMap<string, readonly string[]>,
  name: string,
): string {
  return query.get(name) ?? fields.get(name)?.[0] ?? ''
}

/** Go `_, ok := r.Form[name]`: present in the query or the body, whatever the value. */
export const formHas = (
  query: URLSearchParams,
  fields: ReadonlyMap<string, readonly string[]>,
  name: string,
) => query.has(name) || fields.has(name)
