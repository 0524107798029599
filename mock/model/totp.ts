/**
 * Two-factor authentication of an account (seahub's two_factor app, a django-otp TOTPDevice): RFC 6238
 * codes, HMAC-SHA1, 30-second steps, 6 digits, from a base32 secret; a code of the step before or after is
 * accepted too (the device's tolerance of one step).
 */
import { createHmac } from 'node:crypto'

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** RFC 4648 base32 (case-insensitive, padding and spaces ignored); undefined if it is not base32. */
export function base32Decode(text: string): Buffer | undefined {
  const clean = text.replace(/[\s=]/g, '').toUpperCase()
  let bits = 0
  let value = 0
  const out: number[] = []
  for (const ch of clean) {
    const index = BASE32.indexOf(ch)
    if (index < 0) return undefined
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

/** The 6-digit code of `secret` for the 30-second step `step`. */
export function totpCode(secret: Buffer, step: number): string {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const mac = createHmac('sha1', secret).update(counter).digest()
  const offset = mac[mac.length - 1]! & 0x0f
  const binary = mac.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 1_000_000).padStart(6, '0')
}

/** Whether `code` is the current code of the base32 `secret` (or of the step before or after). */
export function verifyTotp(secret: string, code: string, nowMs = Date.now()): boolean {
  const key = base32Decode(secret)
  if (!key || key.length === 0 || !/^\d{6}$/.test(code)) return false
  const step = Math.floor(nowMs / 30_000)
  return [step - 1, step, step + 1].some((s) => totpCode(key, s) === code)
}
