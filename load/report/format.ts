/** Number formats shared by the terminal and HTML reports. */

export function ms(value: number): string {
  if (Number.isNaN(value)) return 'n/a'
  if (value >= 1000) return `${(value / 1000).toFixed(2)}s`
  if (value >= 100) return `${value.toFixed(0)}ms`
  if (value >= 10) return `${value.toFixed(1)}ms`
  return `${value.toFixed(2)}ms`
}

/** Whole numbers from 100 up, with thousands separators as count() (`2,084` beside `6,382`). */
export function rate(value: number): string {
  return value >= 100 ? count(Math.round(value)) : value.toFixed(1)
}

export function mb(value: number): string {
  return value >= 100 ? count(Math.round(value)) : value.toFixed(2)
}

export function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`
}

export function count(value: number): string {
  return value.toLocaleString('en-US')
}

/** `404×3, timeout×1` */
export function outcomes(o: Record<string, number>, ok: (key: string) => boolean): string {
  return Object.entries(o)
    .filter(([k]) => !ok(k))
    .map(([k, v]) => `${k}×${v}`)
    .join(', ')
}

/** 2xx and 3xx are not errors (as k6's http_req_failed). */
export function isSuccess(outcome: string): boolean {
  return /^[23]\d\d$/.test(outcome)
}
