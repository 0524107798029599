import { describe, expect, test } from 'vitest'
import { base32Decode, totpCode, verifyTotp } from '../model/totp.ts'
import { startServer } from '../testing/harness.ts'

const SECRET = 'JBSWY3DPEHPK3PXP'

describe('two-factor authentication on auth-token', () => {
  test('RFC 6238 test vector (SHA-1, 8 digits → last 6)', () => {
    const key = Buffer.from('12345678901234567890')
    // RFC 6238 Appendix B: T = 59 s → 94287082 (8 digits); the 6-digit code is its last six.
    expect(totpCode(key, Math.floor(59 / 30))).toBe('287082')
    expect(base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')?.toString()).toBe('12345678901234567890')
  })

  test('a seeded user with a TOTP secret needs X-Seafile-OTP; JSON bodies work too', async () => {
    const server = await startServer()
    const seeded = await server.request('/__mock__/seed', {
      method: 'POST',
      body: `users: [{ email: otp@example.com, password: pw, totpSecret: ${SECRET} }]`,
    })
    expect(seeded.status).toBe(200)
    const login = (headers: Record<string, string> = {}) =>
      server.request('/api2/auth-token/', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ username: 'otp@example.com', password: 'pw' }),
      })
    const missing = await login()
    expect(missing.status).toBe(400)
    expect(missing.headers.get('x-seafile-otp')).toBe('required')
    expect(await missing.json()).toEqual({ non_field_errors: ['Two factor auth token is missing.'] })
    const wrong = await login({ 'X-Seafile-OTP': '000000' === current() ? '111111' : '000000' })
    expect(await wrong.json()).toEqual({ non_field_errors: ['Two factor auth token is invalid.'] })
    const ok = await login({ 'X-Seafile-OTP': current() })
    expect(ok.status).toBe(200)
    expect(((await ok.json()) as { token: string }).token).toMatch(/^[0-9a-f]{40}$/)
    expect(verifyTotp(SECRET, current())).toBe(true)
  })
})

function current(): string {
  return totpCode(base32Decode(SECRET)!, Math.floor(Date.now() / 30_000))
}
