import { TrieRouter } from 'hono/router/trie-router'
import { describe, expect, test } from 'vitest'
import { MemoRouter } from './memoRouter.ts'

describe('MemoRouter', () => {
  test('answers as the router it wraps, for known and unknown paths and every method', () => {
    const plain = new TrieRouter<string>()
    const memo = new MemoRouter(new TrieRouter<string>())
    for (const r of [plain, memo]) {
      r.add('GET', '/api2/repos/', 'list')
      r.add('GET', '/api2/repos/:id/', 'info')
      r.add('ALL', '/api2/repos/:id/', 'any')
      r.add('POST', '/api2/repos/:id/dir/', 'mkdir')
    }
    const requests = [
      ['GET', '/api2/repos/'],
      ['GET', '/api2/repos/abc/'],
      ['DELETE', '/api2/repos/abc/'],
      ['POST', '/api2/repos/abc/dir/'],
      ['GET', '/api2/repos/abc/dir/'],
      ['GET', '/nowhere'],
    ] as const
    for (let round = 0; round < 2; round++)
      for (const [method, path] of requests)
        expect(memo.match(method, path), `${method} ${path}`).toEqual(plain.match(method, path))
  })

  test('a route added after a match is found by the next match', () => {
    const memo = new MemoRouter(new TrieRouter<string>())
    memo.add('GET', '/a', 'first')
    expect(memo.match('GET', '/b')[0]).toHaveLength(0)
    memo.add('GET', '/b', 'second')
    expect(memo.match('GET', '/b')[0].map(([h]) => h)).toEqual(['second'])
  })

  test('keeps a bounded number of answers: many distinct paths still match', () => {
    const memo = new MemoRouter(new TrieRouter<string>())
    memo.add('GET', '/files/:token/:name', 'file')
    for (let i = 0; i < 10_000; i++) {
      const [matches] = memo.match('GET', `/files/t${i}/n`)
      expect(matches).toEqual([['file', { token: `t${i}`, name: 'n' }]])
    }
  })
})
