/** Request URLs, read on the hot path without the URL parser. */

/**
 * The path of an absolute request URL as `new URL(url).pathname` gives it, without parsing: a Request's
 * `url` is already serialised (node:http's and fetch's requests both hold a normalised href).
 */
export function pathOf(url: string): string {
  const scheme = url.indexOf('://')
  const start = url.indexOf('/', scheme < 0 ? 0 : scheme + 3)
  if (start < 0) return '/'
  const query = url.indexOf('?', start)
  const hash = url.indexOf('#', start)
  const end = Math.min(query < 0 ? url.length : query, hash < 0 ? url.length : hash)
  return url.slice(start, end)
}
