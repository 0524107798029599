/** The load report's charts in headless Chromium: every linear axis starts at 0 (issue #22, point 10). */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, test } from 'vitest'
import { renderHtml } from '../../load/report/html.ts'
import { buildReport } from '../../load/report/model.ts'
import { resultOf, spread } from '../../load/testResults.ts'
import { chromiumMissing, launchChromium } from './chromium.ts'

describe.skipIf(chromiumMissing())('load.html in headless Chromium', () => {
  test('the MB/s, requests/s and latency axes start at 0, however high the values', async () => {
    const result = resultOf({ download: { latencies: spread(300, 40, 60), bytesIn: 400e6 } })
    const dir = await mkdtemp(join(tmpdir(), 'load-html-'))
    const browser = await launchChromium()
    try {
      const file = join(dir, 'load.html')
      await writeFile(file, renderHtml(buildReport(result, [])))
      const page = await browser.newPage()
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(String(e)))
      await page.goto(pathToFileURL(file).href)
      const mins = await page.evaluate(() => {
        const chart = (id: string) =>
          (
            window as unknown as {
              Chart: { getChart(id: string): { scales: Record<string, { min: number }> } }
            }
          ).Chart.getChart(id)!
        const t = chart('throughput').scales
        return { mb: t.mb!.min, rps: t.y!.min, latency: chart('latency').scales.y!.min }
      })
      expect(mins).toEqual({ mb: 0, rps: 0, latency: 0 })
      expect(errors).toEqual([])
    } finally {
      await browser.close()
      await rm(dir, { recursive: true, force: true })
    }
  })
})
