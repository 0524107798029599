import { describe, expect, it } from 'vitest'
import { CommitJsonError, commitIdMatches, parseCommit } from './commitJson.ts'

const repoId = '0a1b2c3d-0000-4000-8000-00000000abcd'
// As seaf-cli 8.0.10 uploads it (desktop-client-sync-protocol.md §2.4), jansson separators and key order.
const uploaded = {
  commit_id: '1'.repeat(40),
  root_id: '2'.repeat(40),
  repo_id: repoId,
  creator_name: 'a@b.c',
  creator: 'c'.repeat(40),
  description: 'Added "client-new.txt".\n',
  ctime: 1795348511,
  parent_id: '3'.repeat(40),
  second_parent_id: null,
  repo_name: 'synclib',
  repo_desc: '',
  repo_category: null,
  device_name: 'unknown',
  client_version: '8.0.10',
  version: 1,
}
const body = (value: unknown) => Buffer.from(JSON.stringify(value))

describe('parseCommit', () => {
  it('reads a commit as the desktop client uploads it', () => {
    expect(parseCommit(body(uploaded))).toMatchObject({
      commitId: '1'.repeat(40),
      repoId,
      rootId: '2'.repeat(40),
      creator: 'c'.repeat(40),
      creatorName: 'a@b.c',
      parentId: '3'.repeat(40),
      secondParentId: null,
      version: 1,
    })
  })

  it('accepts a first commit without parents', () => {
    expect(parseCommit(body({ ...uploaded, parent_id: null })).parentId).toBeNull()
  })

  it.each([
    [{ repo_id: 'nope' }, 'repo id nope is invalid'],
    [{ root_id: 'X' }, 'root id X is invalid'],
    [{ creator: '0' }, 'creator id 0 is invalid'],
    [{ parent_id: 'p' }, 'parent id p is invalid'],
    [{ second_parent_id: 'q' }, 'second parent id q is invalid'],
  ])('refuses %j with the Go message', (change, message) => {
    expect(() => parseCommit(body({ ...uploaded, ...change }))).toThrow(new CommitJsonError(message))
  })

  it('refuses a body that is not a JSON object', () => {
    expect(() => parseCommit(Buffer.from('[1]'))).toThrow(CommitJsonError)
    expect(() => parseCommit(Buffer.from('{'))).toThrow(CommitJsonError)
  })

  it('refuses a ctime that is not an integer', () => {
    expect(() => parseCommit(body({ ...uploaded, ctime: 'now' }))).toThrow(CommitJsonError)
  })
})

describe('commitIdMatches', () => {
  // Uploaded by seaf-cli 8.0.10 to the prototype: its id is the C hash with NUL terminators.
  const fromClient = {
    commit_id: 'ecf955e1059af49079f122ca48d1109da34e24c5',
    root_id: '70ea0f363c6e09e6be4b4b8740d3799c5cb84e0e',
    repo_id: '83e60e20-9a71-4274-84fd-4644c75b2ac8',
    creator_name: 'a@b.c',
    creator: 'e264eeac00f0767c64b4a7dd3a88de788bc2f455',
    description: 'Added or modified "client-new.txt".\nAdded directory "newdir".\n',
    ctime: 1795417173,
    parent_id: '766d1f55466f5c3fb377598bfb828fb711f55d98',
    second_parent_id: null,
    version: 1,
  }

  it('accepts the id the desktop client computed', () => {
    expect(commitIdMatches(parseCommit(body(fromClient)))).toBe(true)
  })

  it('refuses an id that is not the hash of the fields', () => {
    expect(commitIdMatches(parseCommit(body({ ...fromClient, ctime: fromClient.ctime + 1 })))).toBe(false)
  })
})
