import { describe, expect, test } from 'vitest'
import { sharingWorld } from './testing/world.ts'

interface Dirent {
  name: string
  type: string
}

describe('sub-library mirroring', () => {
  test('sub-libraries of / and of a folder under concurrent changes: no bouncing, nothing lost', async () => {
    const { user, repoId } = await sharingWorld()
    const sub = (p: string) =>
      user.json<{ sub_repo_id: string }>('GET', `/api2/repos/${repoId}/dir/sub_repo/?p=${p}&name=s`)
    const { sub_repo_id: folderSub } = await sub('/docs')
    const { sub_repo_id: rootSub } = await sub('/')
    const create = (repo: string, path: string) =>
      user.call('POST', `/api2/repos/${repo}/file/?p=${encodeURIComponent(path)}`, {
        form: { operation: 'create' },
      })
    // Before the fix, these bounced stale roots between the two sub-libraries and the origin for ever.
    const answers = await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => create(repoId, `/docs/o${i}.txt`)),
      ...Array.from({ length: 6 }, (_, i) => create(folderSub, `/s${i}.txt`)),
      ...Array.from({ length: 6 }, (_, i) => create(rootSub, `/r${i}.txt`)),
    ])
    expect(answers.map((r) => r.status)).toEqual(Array(18).fill(201))
    const names = async (repo: string, p: string) =>
      (await user.json<Dirent[]>('GET', `/api2/repos/${repo}/dir/?p=${p}`)).map((d) => d.name).sort()
    const docs = await names(repoId, '/docs')
    for (let i = 0; i < 6; i++) expect(docs).toEqual(expect.arrayContaining([`o${i}.txt`, `s${i}.txt`]))
    const root = await names(repoId, '/')
    for (let i = 0; i < 6; i++) expect(root).toContain(`r${i}.txt`)
    expect(await names(folderSub, '/')).toEqual(docs)
    expect(await names(rootSub, '/')).toEqual(root)
  })
})
