/**
 * The two requests that crash seaf-server 10.0 (docs/real-server-findings.md): sent alone, at strict level
 * (the core negative test withholds them), each must get a 4xx or a normal answer, and the server must
 * still answer afterwards.
 */
import { expect, strict, test } from '../fixtures.ts'

test.describe('robustness: requests that crashed the reference server @robustness', () => {
  test(
    'a Range header without "=" on a download link gets 200, 206 or 416, and the server lives',
    strict,
    async ({ api, repo }) => {
      await api.uploadFile(repo.id, '/', 'r.txt', Buffer.from('range target\n'))
      const link = await api.downloadLink(repo.id, '/r.txt', true)
      const res = await api.request('GET', link, { anonymous: true, headers: { Range: 'h' }, spec: false })
      // RFC 9110 §14.2: an unparseable Range is ignored (200) or refused (416).
      expect([200, 206, 416]).toContain(res.status())
      await expect(await api.ping()).toBeJsonString(200, 'pong')
    },
  )

  test(
    'a thumbnail request without p is refused with 400, and the server lives',
    strict,
    async ({ api, repo }) => {
      const res = await api.request('GET', `/api2/repos/${repo.id}/thumbnail/`, { params: { size: 123 } })
      await expect(res).toBeSeahubError(400)
      await expect(await api.ping()).toBeJsonString(200, 'pong')
    },
  )
})
