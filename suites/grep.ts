/**
 * `--grep` as people copy it: Playwright displays a test as `libraries › library lifecycle: …` (and reports
 * ids as `libraries.spec.ts > libraries > …`), but matches the pattern against the title path joined with
 * spaces. A ` › ` separator in the pattern therefore becomes the space Playwright matches against.
 */
export const grepPattern = (grep: string): RegExp => new RegExp(grep.replace(/\s*›\s*/g, ' '))
