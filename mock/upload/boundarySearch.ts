/**
 * busboy finds multipart boundaries with streamsearch, a Boyer-Moore-Horspool search written in JS: for an
 * upload it is the largest cost after SHA-1 (a third of a second per GiB with a 40-character boundary,
 * more with short ones). BoundarySearch is our own search with streamsearch's interface, built on native
 * searches (see indexOfNeedle). useBoundarySearch gives it to one busboy instance, ours: nothing shared is
 * patched, so another busboy user in the same process (the host of an embedded mock) keeps streamsearch.
 * The bytes and matches it reports are the same as streamsearch's, checked on random bodies cut anywhere
 * (boundarySearch.test.ts). It relies on busboy 1.6.0's `_bparser` field (pinned in package-lock.json).
 */
import type { Busboy } from 'busboy'

/** streamsearch's callback: the bytes data[start, end) come before a match (isMatch) or before more data. */
export type SearchCallback = (
  isMatch: boolean,
  data: Buffer | undefined,
  start: number,
  end: number,
  /** false: `data` is reused after the call, so the callee copies what it keeps. */
  isDataSafe: boolean,
) => void

/**
 * Node searches a needle of 7 bytes or more with Boyer-Moore-Horspool, one step per byte of skip, and a
 * shorter one with memchr on its first byte, which scans many bytes per instruction. So the needle's first
 * 6 bytes are searched for with memchr, and each hit is checked for the whole needle: on random data twice
 * as fast as Buffer#indexOf with the whole needle, on text with CRLF lines a little faster.
 */
const PROBE = 6

/** Where the whole needle first starts in `data` at or after `from`, or -1. */
function indexOfNeedle(data: Buffer, needle: Buffer, probe: Buffer, from: number): number {
  if (needle.length <= PROBE) return data.indexOf(needle, from)
  const last = data.length - needle.length
  for (let at = from; at <= last; at++) {
    at = data.indexOf(probe, at)
    if (at === -1 || at > last) return -1
    if (data.compare(needle, PROBE, needle.length, at + PROBE, at + needle.length) === 0) return at
  }
  return -1
}

/** Whether a[aFrom, aFrom + n) equals b[bFrom, bFrom + n). */
function sameBytes(a: Buffer, aFrom: number, b: Buffer, bFrom: number, n: number): boolean {
  return a.compare(b, bFrom, bFrom + n, aFrom, aFrom + n) === 0
}

/** A streaming search for one needle, with streamsearch's interface (`push`, `reset`, `destroy`). */
export class BoundarySearch {
  maxMatches = Number.POSITIVE_INFINITY
  matches = 0
  readonly #needle: Buffer
  readonly #probe: Buffer
  readonly #cb: SearchCallback
  /** The end of the last piece, held back because it begins the needle; always a proper prefix of it. */
  readonly #held: Buffer
  #heldSize = 0

  constructor(needle: Buffer | string, cb: SearchCallback) {
    this.#needle = typeof needle === 'string' ? Buffer.from(needle) : needle
    this.#probe = this.#needle.subarray(0, PROBE)
    this.#cb = cb
    this.#held = Buffer.alloc(this.#needle.length)
  }

  /** Takes over a streamsearch instance's state: what it holds back, its matches so far. */
  adopt(state: { _lookbehind: Buffer; _lookbehindSize: number; matches: number; maxMatches: number }): this {
    state._lookbehind.copy(this.#held, 0, 0, state._lookbehindSize)
    this.#heldSize = state._lookbehindSize
    this.matches = state.matches
    this.maxMatches = state.maxMatches
    return this
  }

  /** Searches `chunk` from `pos`; returns where it stopped (its length, or just after the last match). */
  push(chunk: Buffer | string, pos = 0): number {
    const data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, 'latin1')
    let at = pos
    while (at < data.length && this.matches < this.maxMatches)
      at = this.#heldSize > 0 ? this.#continueHeld(data, at) : this.#search(data, at)
    return at
  }

  reset(): void {
    this.matches = 0
    this.#heldSize = 0
  }

  /** The end of the stream: what was held back is data after all. */
  destroy(): void {
    if (this.#heldSize > 0) this.#cb(false, this.#held, 0, this.#heldSize, false)
    this.reset()
  }

  /** With nothing held: the next match in `data` from `from`, or the end of `data`. Returns where it got to. */
  #search(data: Buffer, from: number): number {
    const needle = this.#needle
    const found = indexOfNeedle(data, needle, this.#probe, from)
    if (found !== -1) {
      ++this.matches
      if (found > 0) this.#cb(true, data, from, found, true)
      else this.#cb(true, undefined, 0, 0, true)
      return found + needle.length
    }
    // No whole needle: the first place from which the rest of `data` begins the needle is held back.
    // (The first byte is compared first: a native compare per position would cost 0.07 s per GiB.)
    const first = needle[0]
    let keep = Math.max(from, data.length - needle.length + 1)
    while (
      keep < data.length &&
      (data[keep] !== first || !sameBytes(data, keep, needle, 0, data.length - keep))
    )
      keep++
    if (keep < data.length) {
      data.copy(this.#held, 0, keep, data.length)
      this.#heldSize = data.length - keep
    }
    if (keep > from) this.#cb(false, data, from, keep, true)
    return data.length
  }

  /** With a prefix of the needle held: does `data` from `from` complete it, continue it, or break it? */
  #continueHeld(data: Buffer, from: number): number {
    const needle = this.#needle
    const held = this.#heldSize
    const available = data.length - from
    const wanted = needle.length - held
    const n = Math.min(available, wanted)
    if (sameBytes(data, from, needle, held, n)) {
      if (n === wanted) {
        this.#heldSize = 0
        ++this.matches
        this.#cb(true, undefined, 0, 0, true)
        return from + n
      }
      data.copy(this.#held, held, from, data.length)
      this.#heldSize += n
      return data.length
    }
    // Broken: the held bytes up to the next place that still begins the needle are data after all.
    let drop = 1
    while (drop < held && !sameBytes(this.#held, drop, needle, 0, held - drop)) drop++
    this.#cb(false, this.#held, 0, drop, false)
    this.#held.copy(this.#held, 0, drop, held)
    this.#heldSize = held - drop
    return from
  }
}

/** busboy's multipart parser (lib/types/multipart.js) keeps its streamsearch instance here. */
interface MultipartInternals {
  _bparser?: {
    _needle?: Buffer
    _cb?: SearchCallback
    _lookbehind: Buffer
    _lookbehindSize: number
    matches: number
    maxMatches: number
  }
}

/**
 * Gives one busboy instance a BoundarySearch in place of its streamsearch, with the same needle, callback
 * and state (the constructor has already written a CRLF through it). A urlencoded parser has none: left
 * as it is.
 */
export function useBoundarySearch(parser: Busboy): Busboy {
  const internals = parser as unknown as MultipartInternals
  const original = internals._bparser
  if (original?._needle && original._cb)
    internals._bparser = new BoundarySearch(original._needle, original._cb).adopt(original) as never
  return parser
}
