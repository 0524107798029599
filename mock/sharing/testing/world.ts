/**
 * The sharing tests' world: user@example.com (owner of library `lib`, with `/docs/a.txt`), user2, admin,
 * and user3@example.com created by the admin through the API.
 */
import { expect } from 'vitest'
import { login, putFile, startServer, type TestClient } from '../../testing/harness.ts'

export interface World {
  user: TestClient
  user2: TestClient
  user3: TestClient
  admin: TestClient
  repoId: string
}

export async function sharingWorld(): Promise<World> {
  const server = await startServer()
  const user = await login(server)
  const user2 = await login(server, 'user2@example.com', 'user2')
  const admin = await login(server, 'admin@example.com', 'admin')
  const created = await admin.call('PUT', '/api2/accounts/user3@example.com/', {
    form: { password: 'user3' },
  })
  expect(created.status).toBe(201)
  const user3 = await login(server, 'user3@example.com', 'user3')
  const { repo_id } = await user.json<{ repo_id: string }>('POST', '/api2/repos/', { form: { name: 'lib' } })
  await user.json('POST', `/api2/repos/${repo_id}/dir/?p=/docs`, { form: { operation: 'mkdir' } })
  await putFile(server, repo_id, '/docs/a.txt', 'hello world\n')
  return { user, user2, user3, admin, repoId: repo_id }
}

/** Creates a group owned by `owner` with `members`; returns its id. */
export async function makeGroup(
  owner: TestClient,
  name: string,
  members: TestClient[] = [],
): Promise<number> {
  const { group_id } = await owner.json<{ group_id: number }>('PUT', '/api2/groups/', {
    form: { group_name: name },
  })
  for (const m of members) {
    const email = (await m.json<{ email: string }>('GET', '/api2/account/info/')).email
    await owner.json('PUT', `/api2/groups/${group_id}/members/`, { form: { user_name: email } })
  }
  return group_id
}

/** The status and JSON body of a response. */
export async function statusAndBody(res: Response): Promise<[number, unknown]> {
  return [res.status, await res.json()]
}
