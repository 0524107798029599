/** `seafile-conformance mock --check --data-dir DIR`: prints the integrity report; 0 when clean, 1 when not. */
import { checkDataDir, formatReport } from './integrity.ts'

export async function runIntegrityCheck(dataDir: string, print = console.log): Promise<number> {
  const report = await checkDataDir(dataDir)
  print(formatReport(report))
  return report.problems.length === 0 ? 0 : 1
}
