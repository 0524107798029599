/**
 * busboy finds multipart boundaries with streamsearch, a Boyer-Moore-Horspool search written in JS: for an
 * upload it is the largest cost after SHA-1 (a third of a second per GiB with a 40-character boundary,
 * more with short ones). This module gives streamsearch's `push` a fast path through native searches
 * (see indexOfNeedle) while nothing of a possible boundary is held from the previous chunk, which is
 * nearly always; otherwise streamsearch's own code runs. Calls and callbacks are the same as before,
 * checked against the original on random chunkings (boundarySearch.test.ts). Pinned by busboy 1.6.0 /
 * streamsearch 1.1.0 (package-lock.json).
 */
import { createRequire } from 'node:module'

type SearchCallback = (
  isMatch: boolean,
  data: Buffer | undefined,
  start: number,
  end: number,
  isDataSafe: boolean,
) => void

/** streamsearch's SBMH instance state (lib/sbmh.js). */
export interface StreamSearch {
  maxMatches: number
  matches: number
  _cb: SearchCallback
  _lookbehindSize: number
  _lookbehind: Buffer
  _needle: Buffer
  _bufPos: number
  push(chunk: Buffer | string, pos?: number): number | undefined
}

type Push = (this: StreamSearch, chunk: Buffer | string, pos?: number) => number | undefined

// The copy busboy itself loads.
const requireFromBusboy = createRequire(createRequire(import.meta.url).resolve('busboy'))
export const StreamSearchClass = requireFromBusboy('streamsearch') as {
  new (needle: string | Buffer, cb: SearchCallback): StreamSearch
  prototype: StreamSearch & { __fastPush?: boolean; __originalPush?: Push }
}

const proto = StreamSearchClass.prototype
export const originalPush: Push = proto.__originalPush ?? proto.push

/**
 * Node searches a needle of 7 bytes or more with Boyer-Moore-Horspool, one step per byte of skip, and a
 * shorter one with memchr on its first byte, which scans many bytes per instruction. So the needle's first
 * 6 bytes are searched for with memchr, and each hit is checked for the whole needle: on random data twice
 * as fast as Buffer#indexOf with the whole needle, on text with CRLF lines a little faster.
 */
const PROBE = 6

/** The last needle's first PROBE bytes: a form's parts share one needle, searched once per body piece. */
let probed: { needle: Buffer; probe: Buffer } | undefined

/** Where the whole needle first starts in `data` at or after `from`, or -1. */
function indexOfNeedle(data: Buffer, needle: Buffer, from: number): number {
  if (needle.length <= PROBE) return data.indexOf(needle, from)
  if (probed?.needle !== needle) probed = { needle, probe: needle.subarray(0, PROBE) }
  const { probe } = probed
  const last = data.length - needle.length
  for (let at = from; at <= last; at++) {
    at = data.indexOf(probe, at)
    if (at === -1 || at > last) return -1
    if (data.compare(needle, PROBE, needle.length, at + PROBE, at + needle.length) === 0) return at
  }
  return -1
}

/** One step of the search over `data` from `_bufPos`, with an empty lookbehind (sbmh.js `feed`). */
function feed(self: StreamSearch, data: Buffer): number {
  const needle = self._needle
  const needleLen = needle.length
  const len = data.length
  const found = indexOfNeedle(data, needle, self._bufPos)
  if (found !== -1) {
    ++self.matches
    if (found > 0) self._cb(true, data, self._bufPos, found, true)
    else self._cb(true, undefined, 0, 0, true)
    self._bufPos = found + needleLen
    return self._bufPos
  }
  // No whole needle: the first place from which the rest of `data` starts the needle is kept back.
  const first = needle[0]
  let pos = Math.max(self._bufPos, len - needleLen + 1)
  for (; pos < len; pos++) {
    if (data[pos] !== first) continue
    let prefix = true
    for (let i = 1; i < len - pos; i++)
      if (data[pos + i] !== needle[i]) {
        prefix = false
        break
      }
    if (!prefix) continue
    data.copy(self._lookbehind, 0, pos, len)
    self._lookbehindSize = len - pos
    break
  }
  if (pos > 0) self._cb(false, data, self._bufPos, pos < len ? pos : len, true)
  self._bufPos = len
  return len
}

/** sbmh.js `push`, with {@link feed} while the lookbehind is empty. */
export const fastPush: Push = function push(this: StreamSearch, chunk, pos) {
  const data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, 'latin1')
  const len = data.length
  this._bufPos = pos || 0
  let result: number | undefined
  while (result !== len && this.matches < this.maxMatches) {
    // A partial boundary is held: streamsearch's own code goes on from here.
    if (this._lookbehindSize > 0) return originalPush.call(this, data, this._bufPos)
    result = feed(this, data)
  }
  return result
}

if (!proto.__fastPush) {
  proto.__originalPush = originalPush
  proto.push = fastPush
  proto.__fastPush = true
}
