/**
 * Differences a replay or a differential run may show without failing, each with its reason (the committed
 * list is fixtures/har/allowed-differences.json). A rule matches by method and a regular expression on the
 * recorded (normalised) URL, and by field and, for bodies, the shape path.
 */
import type { ExchangeDifference } from './shape.ts'

export interface AllowedDifference {
  method?: string
  /** Regular expression on the recorded URL, e.g. `/api2/repos/\\{\\{uuid:\\d+\\}\\}/$`. */
  url: string
  field: ExchangeDifference['field']
  /** Regular expression on the body path (`$.commits[0].ctime`), for field `body`. */
  path?: string
  reason: string
}

export function allowed(
  list: AllowedDifference[],
  at: { method: string; url: string },
  d: ExchangeDifference,
): AllowedDifference | undefined {
  return list.find(
    (a) =>
      (!a.method || a.method === at.method) &&
      new RegExp(a.url).test(at.url) &&
      a.field === d.field &&
      (!a.path || new RegExp(a.path).test(d.path ?? '')),
  )
}
