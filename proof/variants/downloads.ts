/** Downloads: bytes, ranges, ETags, one-time tokens, zips, HEAD. */
import { gzipSync } from 'node:zlib'
import { bodyOf, type ProxiedResponse, pathOf, type Variant } from '../proxy.ts'
import { flipHex } from './shared.ts'

const oneTimeCache = new Map<string, ProxiedResponse>()

/** Download URLs served once already, for reuse-link-once. */
const servedOnce = new Set<string>()

export const downloadVariants: Variant[] = [
  {
    name: 'download-corrupted',
    breaks: 'downloads are byte-identical to the upload',
    grep: 'upload answers the file id computed|file link: create, list, download the bytes',
    onResponse: (req, res) => {
      if (!/\/files\//.test(pathOf(req)) || res.body.byteLength === 0 || res.status >= 300) return res
      const body = new Uint8Array(res.body)
      body[0] = body[0]! ^ 0xff
      return { ...res, body }
    },
  },
  {
    name: 'range-ignored',
    breaks: 'a Range request answers 206 with Content-Range',
    grep: 'Range middle|download with a Range answers 206',
    onRequest: (req) => {
      if (/\/files\//.test(pathOf(req))) req.headers.delete('range')
      return undefined
    },
  },
  {
    name: 'etag-wrong',
    breaks: 'the download ETag is the file id',
    grep: 'ETag = file id|carries the file id as ETag',
    onResponse: (req, res) => {
      const etag = res.headers.get('etag')
      if (!/\/files\//.test(pathOf(req)) || !etag) return res
      res.headers.set('etag', flipHex(etag.replaceAll('"', '')))
      return res
    },
  },
  {
    name: 'one-time-token-reusable',
    breaks: 'a one-time download link works once',
    grep: 'one-time link answers 403|one-time download link works once',
    onResponse: (req, res) => {
      if (req.method !== 'GET' || !/\/files\//.test(pathOf(req))) return res
      if (res.status === 200) oneTimeCache.set(req.url, res)
      return res.status === 403 && oneTimeCache.has(req.url) ? oneTimeCache.get(req.url)! : res
    },
  },
  {
    name: 'range-suffix-full-body',
    breaks: 'a suffix Range (bytes=-N) answers 206 with the last N bytes',
    grep: 'Range suffix',
    onResponse: (req, res) =>
      /^bytes=-/.test(req.headers.get('range') ?? '') && res.status === 206 ? { ...res, status: 200 } : res,
  },
  {
    name: 'download-no-filename-star',
    breaks: "a non-ASCII download is named by an RFC 5987 filename*=utf-8''<escaped> (not raw UTF-8 only)",
    grep: 'non-ASCII name downloads',
    // Leaves only the raw UTF-8 filename="héllo ✓ (1).txt", as a server unaware of RFC 6266 would send.
    onResponse: (req, res) => {
      const disposition = res.headers.get('content-disposition')
      if (!/\/files\//.test(pathOf(req)) || !disposition || !/filename\*/i.test(disposition)) return res
      res.headers.set('content-disposition', disposition.replace(/;?\s*filename\*\s*=[^;]*/i, ''))
      return res
    },
  },
  {
    name: 'zip-not-a-zip',
    breaks: 'GET /zip/{token} answers a zip archive (starting with the PK\\3\\4 local file header)',
    grep: 'finished zip downloads',
    // A gzip stream of the archive where a zip belongs (the headers still say zip).
    onResponse: (req, res) =>
      req.method === 'GET' && /\/zip\/[^/]+\/?$/.test(pathOf(req)) && res.status === 200
        ? { ...res, body: gzipSync(res.body) }
        : res,
  },
  {
    name: 'zip-typed-html',
    breaks: 'GET /zip/{token} is typed application/octet-stream (Go) or application/zip (C)',
    grep: 'finished zip downloads',
    onResponse: (req, res) => {
      if (req.method !== 'GET' || !/\/zip\/[^/]+\/?$/.test(pathOf(req)) || res.status !== 200) return res
      res.headers.set('content-type', 'text/html; charset=utf-8')
      return res
    },
  },
  {
    name: 'zip-inline',
    breaks: 'GET /zip/{token} is sent as an attachment (Content-Disposition: attachment;filename=...)',
    grep: 'finished zip downloads',
    onResponse: (req, res) => {
      if (req.method !== 'GET' || !/\/zip\/[^/]+\/?$/.test(pathOf(req)) || res.status !== 200) return res
      res.headers.set('content-disposition', 'inline')
      return res
    },
  },
  {
    name: 'head-length-zero',
    breaks: 'HEAD on a download URL answers 200 with the Content-Length of the file',
    grep: 'HEAD on a download URL',
    onResponse: (req, res) => {
      if (req.method !== 'HEAD' || !/\/files\//.test(pathOf(req))) return res
      res.headers.set('content-length', '0')
      return res
    },
  },
  {
    name: 'range-past-end-200',
    breaks: 'a Range past the end answers 416 with Content-Range bytes */size',
    grep: 'Range past the end',
    onRequest: (req) => {
      if (/\/files\//.test(pathOf(req))) req.headers.delete('range')
      return undefined
    },
  },
  {
    name: 'download-link-oid-wrong',
    breaks: 'the download link answer carries the file id in its oid header',
    grep: 'with the file id in oid',
    onResponse: (req, res) => {
      const oid = res.headers.get('oid')
      if (!/^\/api2\/repos\/[0-9a-f-]{36}\/file\/$/.test(pathOf(req)) || !oid) return res
      res.headers.set('oid', flipHex(oid))
      return res
    },
  },
  {
    name: 'reuse-link-once',
    breaks: 'a download link made with reuse=1 serves the file more than once',
    grep: 'reuse=1 link serves the same bytes twice',
    onResponse: (req, res) => {
      if (req.method !== 'GET' || !/\/files\//.test(pathOf(req)) || res.status !== 200) return res
      if (!servedOnce.has(req.url)) {
        servedOnce.add(req.url)
        return res
      }
      return {
        status: 403,
        headers: new Headers({ 'content-type': 'text/plain' }),
        body: bodyOf('Bad access token'),
      }
    },
  },
]
