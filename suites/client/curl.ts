/**
 * The exchange a failure is about, as a `curl` command that sends it again (as Schemathesis prints one):
 * method, URL with its query, headers and body. Secrets are masked: the Authorization token becomes
 * `$TOKEN`, password fields `$PASSWORD` (set them and the command runs), and any other secret of the run
 * is redacted.
 */
import { redactText } from '../config.ts'

export interface CurlRequest {
  method: string
  url: string
  headers?: Record<string, string>
  params?: Record<string, string | number | boolean>
  form?: Record<string, string | number | boolean>
  multipart?: Record<string, unknown>
  data?: unknown
}

/** Form and multipart fields whose value is a secret. */
const SECRET_FIELD = /pass(word)?\d*$|^passwd$|secret|token$/i

export function toCurl(req: CurlRequest, secrets: string[] = []): string {
  // Each value is redacted before it is quoted: the masks of the auth header and password fields stay intact.
  const quote = (s: string) => `'${redactText(s, secrets).replace(/'/g, `'\\''`)}'`
  const url = new URL(req.url)
  for (const [k, v] of Object.entries(req.params ?? {})) url.searchParams.set(k, String(v))
  const parts = ['curl', '-X', req.method, quote(url.toString())]
  for (const [name, value] of Object.entries(req.headers ?? {})) {
    // curl -F writes its own multipart Content-Type (with its own boundary).
    if (req.multipart && name.toLowerCase() === 'content-type') continue
    if (name.toLowerCase() === 'authorization')
      parts.push('-H', `"${name}: ${value.replace(/^(Token|Bearer)\s+\S+/i, '$1 $TOKEN')}"`)
    else parts.push('-H', quote(`${name}: ${value}`))
  }
  for (const [name, value] of Object.entries(req.form ?? {}))
    parts.push(
      '--data-urlencode',
      SECRET_FIELD.test(name) ? `"${name}=$PASSWORD"` : quote(`${name}=${value}`),
    )
  for (const [name, value] of Object.entries(req.multipart ?? {})) {
    if (value && typeof value === 'object' && 'name' in value) {
      const file = value as { name: string; mimeType?: string }
      parts.push('-F', quote(`${name}=@${file.name}${file.mimeType ? `;type=${file.mimeType}` : ''}`))
    } else
      parts.push('-F', SECRET_FIELD.test(name) ? `"${name}=$PASSWORD"` : quote(`${name}=${String(value)}`))
  }
  if (req.data !== undefined) {
    if (Buffer.isBuffer(req.data)) parts.push('--data-binary', `@body.bin # ${req.data.length} bytes`)
    else {
      const body = typeof req.data === 'string' ? req.data : JSON.stringify(req.data)
      const typed = Object.keys(req.headers ?? {}).some((h) => h.toLowerCase() === 'content-type')
      if (!typed && typeof req.data !== 'string') parts.push('-H', quote('Content-Type: application/json'))
      parts.push('--data-raw', quote(body))
    }
  }
  return parts.join(' ')
}
