/** Builds the conformance report from test records and writes conformance.json and summary.md. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { loadSpec, SpecValidator } from '../spec/validator.ts'
import { renderMarkdown } from './markdown.ts'
import {
  buildReport,
  type ConformanceReport,
  parseKnownFailures,
  type ReportInput,
  type SpecOperation,
} from './summary.ts'

/** Every operation of spec/openapi.yaml, as `METHOD /template`. */
export function specOperations(file?: string): SpecOperation[] {
  return new SpecValidator(loadSpec(file)).operations().map(({ method, template, operation }) => ({
    operation: `${method.toUpperCase()} ${template}`,
    operationId: typeof operation.operationId === 'string' ? operation.operationId : undefined,
    summary: typeof operation.summary === 'string' ? operation.summary : undefined,
  }))
}

export function readKnownFailures(file: string | undefined): string[] {
  if (!file) return []
  if (!existsSync(file)) throw new Error(`known-failures file ${file} does not exist`)
  return parseKnownFailures(readFileSync(file, 'utf8'))
}

export interface ReportFiles {
  conformanceFile: string
  summaryFile: string
}

export function writeReport(input: Omit<ReportInput, 'operations'>, files: ReportFiles): ConformanceReport {
  const report = buildReport({ ...input, operations: specOperations() })
  mkdirSync(dirname(files.conformanceFile), { recursive: true })
  writeFileSync(files.conformanceFile, JSON.stringify(report, null, 2))
  writeFileSync(files.summaryFile, renderMarkdown(report))
  return report
}
