/**
 * busboy finds multipart boundaries with streamsearch, a Boyer-Moore-Horspool search written in JS: for an
 * upload it is the largest cost after SHA-1 (a third of a second per GiB with a 40-character boundary,
 * more with short ones). This module gives streamsearch's `push` a fast path through Buffer#indexOf (the
 * same search, native) while nothing of a possible boundary is held from the previous chunk, which is
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

/** One step of the search over `data` from `_bufPos`, with an empty lookbehind (sbmh.js `feed`). */
function feed(self: StreamSearch, data: Buffer): number {
  const needle = self._needle
  const needleLen = needle.length
  const len = data.length
  const found = data.indexOf(needle, self._bufPos)
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
