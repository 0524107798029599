import { describe, expect, test } from 'vitest'
import { conforms, startServer } from '../testing/harness.ts'

const repo = '0d4e5f9b-3a5c-4a6e-8d8e-6f4b9a2e7c11'

/** Every sharing operation that needs a user; without a token DRF answers 403 before the view runs. */
const AUTHENTICATED: [method: string, url: string][] = [
  ['GET', '/api2/shared-links/'],
  ['DELETE', '/api2/shared-links/?t=abc'],
  ['PUT', `/api2/repos/${repo}/file/shared-link/`],
  ['GET', '/api2/shared-files/'],
  ['DELETE', '/api2/shared-files/?t=abc'],
  ['GET', '/api2/s/f/abc/'],
  ['GET', '/api2/s/f/abc/detail/'],
  ['GET', '/api2/shared-repos/'],
  ['PUT', `/api2/shared-repos/${repo}/?share_type=public&permission=r`],
  ['DELETE', `/api2/shared-repos/${repo}/?share_type=public`],
  ['GET', '/api2/beshared-repos/'],
  ['DELETE', `/api2/beshared-repos/${repo}/?share_type=public`],
  ['PUT', `/api/v2.1/shared-repos/${repo}/`],
  ['DELETE', `/api/v2.1/shared-repos/${repo}/?share_type=public`],
  ['POST', '/api/v2.1/repos/batch/'],
  ['POST', `/api2/repos/${repo}/public/`],
  ['DELETE', `/api2/repos/${repo}/public/`],
  ['POST', '/api2/repos/public/'],
  ['GET', `/api2/repos/${repo}/dir/shared_items/`],
  ['PUT', `/api2/repos/${repo}/dir/shared_items/`],
  ['POST', `/api2/repos/${repo}/dir/shared_items/`],
  ['DELETE', `/api2/repos/${repo}/dir/shared_items/`],
  ['POST', `/api2/repos/${repo}/dir/share/`],
  ['GET', `/api2/repos/${repo}/dir/sub_repo/?p=/&name=x`],
  ['GET', '/api2/virtual-repos/'],
  ['GET', '/api/v2.1/shared-folders/'],
  ['GET', '/api2/groups/'],
  ['PUT', '/api2/groups/'],
  ['POST', '/api2/groups/1/'],
  ['DELETE', '/api2/groups/1/'],
  ['PUT', '/api2/groups/1/members/'],
  ['DELETE', '/api2/groups/1/members/'],
  ['GET', '/api2/group/msgs/1/'],
  ['POST', '/api2/group/msgs/1/'],
  ['GET', '/api2/group/1/msg/1/'],
  ['POST', '/api2/group/1/msg/1/'],
  ['GET', '/api2/new_replies/'],
  ['GET', '/api2/user/msgs/user@example.com/'],
  ['POST', '/api2/user/msgs/user@example.com/'],
  ['GET', '/api2/unseen_messages/'],
  ['GET', '/api2/groupandcontacts/'],
  ['POST', '/api2/organization/'],
  ['POST', '/api/v2.1/move-folder-merge/'],
]

describe('sharing operations without a token', () => {
  test.each(AUTHENTICATED)('%s %s answers DRF 403', async (method, url) => {
    const server = await startServer()
    const res = await server.request(url, { method })
    await conforms(res, method, url)
    expect(res.status).toBe(403)
    expect(await res.json()).toEqual({ detail: 'Authentication credentials were not provided.' })
  })

  test('a bad token is 401 on the same routes', async () => {
    const server = await startServer()
    const res = await server.request('/api2/groups/', { headers: { Authorization: 'Token 0000' } })
    expect([res.status, await res.json()]).toEqual([401, { detail: 'Invalid token' }])
  })
})
