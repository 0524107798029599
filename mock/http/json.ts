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

function quote(s: string, style: DumpStyle): string {
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

/** Serialises `value` in the given dialect; `undefined` members are dropped like JSON.stringify does. */
export function dumpJson(value: unknown, style: DumpStyle = {}): string {
  const comma = style.compact ? ',' : ', '
  const colon = style.compact ? ':' : ': '
  const dump = (v: unknown): string => {
    if (v === null || v === undefined) return 'null'
    if (typeof v === 'string') return quote(v, style)
    if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null'
    if (typeof v === 'boolean') return v ? 'true' : 'false'
    if (Array.isArray(v)) return `[${v.map(dump).join(comma)}]`
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined)
    if (style.sortKeys) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, x]) => quote(k, style) + colon + dump(x)).join(comma)}}`
  }
  return dump(value)
}

/** DRF `Response(x)`: compact, non-ASCII escaped (`UNICODE_JSON: False`). */
export const asciiJson = (value: unknown): string => dumpJson(value, { compact: true, ascii: true })

/** `HttpResponse(json.dumps(x))`: Python's default separators, ASCII-escaped. */
export const pythonJson = (value: unknown): string => dumpJson(value, { ascii: true })

/** jansson `json_dumps(obj, JSON_SORT_KEYS)`: sorted keys, `", "`/`": "`, raw UTF-8, `\u001B`-style escapes. */
export const janssonJson = (value: unknown): string => dumpJson(value, { sortKeys: true, upperHex: true })
