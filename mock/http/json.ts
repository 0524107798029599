/**
 * The JSON dialects on the wire: DRF's compact ASCII renderer, Python's `json.dumps` (`", "`/`": "`), and
 * jansson's `json_dumps(JSON_SORT_KEYS)` for fs objects. They differ in separators, key order and escapes.
 */

export interface DumpStyle {
  /** `","`/`":"` (DRF JSONRenderer) instead of `", "`/`": "` (json.dumps, jansson). */
  compact?: boolean
  /** Escape every non-ASCII character as `\uXXXX` (Python `ensure_ascii=True`). */
  ascii?: boolean
  /** Sort object keys by code point (jansson JSON_SORT_KEYS). */
  sortKeys?: boolean
  /** Upper-case hex in `\u00XX` escapes (jansson) instead of lower case (Python). */
  upperHex?: boolean
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
}

/** Characters a string must have for the slow path: most keys and values have none. */
const ESCAPED_ASCII = /["\\\u0000-\u001f\u007f-\uffff]/
const ESCAPED = /["\\\u0000-\u001f]/

function quote(s: string, style: DumpStyle): string {
  if (!(style.ascii ? ESCAPED_ASCII : ESCAPED).test(s)) return `"${s}"`
  // Python escapes DEL under ensure_ascii; jansson leaves it.
  const pattern = style.ascii ? /["\\\u0000-\u001f\u007f-\uffff]/g : /["\\\u0000-\u001f]/g
  const escaped = s.replace(pattern, (ch) => {
    const short = SHORT_ESCAPES[ch]
    if (short) return short
    const hex = ch.charCodeAt(0).toString(16).padStart(4, '0')
    return `\\u${style.upperHex ? hex.toUpperCase() : hex}`
  })
  return `"${escaped}"`
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Serialises `value` in the given dialect; `undefined` members are dropped like JSON.stringify does. */
export function dumpJson(value: unknown, style: DumpStyle = {}): string {
  const comma = style.compact ? ',' : ', '
  const colon = style.compact ? ':' : ': '
  // Loops and concatenation: the listings of big folders go through here on every request.
  const dump = (v: unknown): string => {
    if (v === null || v === undefined) return 'null'
    if (typeof v === 'string') return quote(v, style)
    if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null'
    if (typeof v === 'boolean') return v ? 'true' : 'false'
    if (Array.isArray(v)) {
      let out = '['
      for (let i = 0; i < v.length; i++) out += (i === 0 ? '' : comma) + dump(v[i])
      return `${out}]`
    }
    const record = v as Record<string, unknown>
    const keys = Object.keys(record)
    if (style.sortKeys) keys.sort(byCodePoint)
    let out = '{'
    let first = true
    for (const key of keys) {
      const x = record[key]
      if (x === undefined) continue
      out += (first ? '' : comma) + quote(key, style) + colon + dump(x)
      first = false
    }
    return `${out}}`
  }
  return dump(value)
}

const HAS_NON_ASCII = /[\u007f-\uffff]/
const NON_ASCII = /[\u007f-\uffff]/g
const escapeUnit = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`

/**
 * DRF `Response(x)`: compact, non-ASCII escaped (`UNICODE_JSON: False`). JSON.stringify writes the same
 * separators and escapes for plain data (lone surrogates as `\udxxx` too); only the characters from DEL up
 * are left to escape, one UTF-16 unit at a time as Python does.
 */
export const asciiJson = (value: unknown): string => {
  const text = JSON.stringify(value)
  if (text === undefined) return 'null'
  return HAS_NON_ASCII.test(text) ? text.replace(NON_ASCII, escapeUnit) : text
}

/** `HttpResponse(json.dumps(x))`: Python's default separators, ASCII-escaped. */
export const pythonJson = (value: unknown): string => dumpJson(value, { ascii: true })

/** jansson `json_dumps(obj, JSON_SORT_KEYS)`: sorted keys, `", "`/`": "`, raw UTF-8, `\u001B`-style escapes. */
export const janssonJson = (value: unknown): string => dumpJson(value, { sortKeys: true, upperHex: true })
