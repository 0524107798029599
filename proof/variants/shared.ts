/** Helpers shared by the variant families: JSON rewriting, canned answers, state kept across requests. */
import { bodyOf, jsonOf, type ProxiedRequest, type ProxiedResponse, textOf } from '../proxy.ts'

export const isJson = (res: ProxiedResponse) => /json/.test(res.headers.get('content-type') ?? '')

export const flipHex = (id: string) => id.slice(0, -1) + (id.endsWith('0') ? '1' : '0')

export const formField = (req: ProxiedRequest, name: string) =>
  new URLSearchParams(textOf(req.body)).get(name)

export const ok = (body: unknown, status = 200): ProxiedResponse => ({
  status,
  headers: new Headers({ 'content-type': 'application/json' }),
  body: bodyOf(JSON.stringify(body)),
})

/** Rewrites the JSON body of matching responses. */
export const mapJson =
  (match: (req: ProxiedRequest, res: ProxiedResponse) => boolean, fn: (body: unknown) => unknown) =>
  (req: ProxiedRequest, res: ProxiedResponse): ProxiedResponse => {
    if (!match(req, res) || !isJson(res)) return res
    return { ...res, body: bodyOf(JSON.stringify(fn(jsonOf(res.body)))) }
  }

/** mkdir and file-create URLs already sent, for the *-clash-dropped variants. */
export const seenPaths = new Set<string>()
