import { describe, expect, test } from 'vitest'
import { RequestValidator } from './requestValidator.ts'
import { SpecValidator } from './validator.ts'

const doc = {
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: {
    '/api2/repos/{repo_id}/history/': {
      parameters: [{ name: 'repo_id', in: 'path', required: true, schema: { type: 'string' } }],
      get: {
        parameters: [
          { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1 } },
          { $ref: '#/components/parameters/Kind' },
        ],
        responses: { '200': { description: 'ok' } },
      },
    },
    '/api2/repos/': {
      post: {
        requestBody: {
          content: {
            'application/x-www-form-urlencoded': {
              schema: {
                oneOf: [{ $ref: '#/components/schemas/Plain' }, { $ref: '#/components/schemas/Enc' }],
              },
            },
          },
        },
        responses: { '200': { description: 'ok' } },
      },
    },
  },
  components: {
    parameters: {
      Kind: { name: 't', in: 'query', required: true, schema: { type: 'string', enum: ['f', 'd'] } },
    },
    schemas: {
      Plain: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string' }, magic: { not: {} } },
      },
      Enc: {
        type: 'object',
        required: ['name', 'magic'],
        properties: { name: { type: 'string' }, magic: { type: 'string' }, enc_version: { type: 'integer' } },
      },
    },
  },
}

const validator = new RequestValidator(new SpecValidator(doc))
const form = 'application/x-www-form-urlencoded'

describe('RequestValidator', () => {
  test('accepts a conforming query, coercing integers from strings', () => {
    const problems = validator.check({
      method: 'GET',
      path: '/api2/repos/abc/history/',
      query: new URLSearchParams('page=2&t=f'),
    })
    expect(problems).toEqual([])
  })

  test('reports a missing required parameter (also through $ref) and a wrong-typed one', () => {
    const problems = validator.check({
      method: 'GET',
      path: '/api2/repos/abc/history/',
      query: new URLSearchParams('page=zero'),
    })
    expect(problems.map((p) => `${p.name}:${p.reason}`).sort()).toEqual(['page:invalid', 't:missing'])
    const low = validator.check({
      method: 'GET',
      path: '/api2/repos/abc/history/',
      query: new URLSearchParams('page=0&t=x'),
    })
    expect(low.map((p) => p.name).sort()).toEqual(['page', 't'])
  })

  test('checks form fields: required in every oneOf branch, valid if any branch declaring it accepts it', () => {
    const check = (body: Record<string, string>) =>
      validator.check({
        method: 'POST',
        path: '/api2/repos/',
        query: new URLSearchParams(),
        form: body,
        contentType: form,
      })
    expect(check({ name: 'x' })).toEqual([])
    expect(check({ name: 'x', magic: 'm' })).toEqual([])
    expect(check({}).map((p) => `${p.name}:${p.reason}`)).toEqual(['name:missing'])
    expect(check({ name: 'x', enc_version: 'two' }).map((p) => `${p.name}:${p.reason}`)).toEqual([
      'enc_version:invalid',
    ])
  })

  test('lets operations and media types the spec does not have pass unchecked', () => {
    expect(validator.check({ method: 'GET', path: '/api2/unknown/', query: new URLSearchParams() })).toEqual(
      [],
    )
    expect(
      validator.check({
        method: 'POST',
        path: '/api2/repos/',
        query: new URLSearchParams(),
        form: {},
        contentType: 'application/json',
      }),
    ).toEqual([])
  })
})
