/** Real PNG bytes (pngjs): default avatars and thumbnails of PNG images. */
import { PNG } from 'pngjs'

/** A square avatar: a grey silhouette-like disc on a light background, `size` pixels wide. */
export function avatarPng(size: number, seed = 0): Buffer {
  const png = new PNG({ width: size, height: size })
  const r = size / 2
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4
      const inside =
        (x - r + 0.5) ** 2 + (y - r * 0.8 + 0.5) ** 2 < (r * 0.45) ** 2 ||
        (y > r * 1.2 && Math.abs(x - r) < r * 0.7)
      const base = inside ? 160 : 230
      png.data[i] = base - (seed % 40)
      png.data[i + 1] = base
      png.data[i + 2] = base + (seed % 20)
      png.data[i + 3] = 255
    }
  }
  return PNG.sync.write(png)
}

/** Whether the bytes start with the PNG signature. */
export const isPng = (bytes: Uint8Array): boolean =>
  bytes.length > 8 && Buffer.from(bytes.subarray(0, 8)).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]))

/** Scales a PNG (nearest neighbour) so its longer side is `size`; smaller images are kept as they are. */
export function thumbnailPng(source: Buffer, size: number): Buffer {
  const image = PNG.sync.read(source)
  const scale = Math.min(1, size / Math.max(image.width, image.height))
  const width = Math.max(1, Math.round(image.width * scale))
  const height = Math.max(1, Math.round(image.height * scale))
  const out = new PNG({ width, height })
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = Math.min(image.width - 1, Math.floor(x / scale))
      const sy = Math.min(image.height - 1, Math.floor(y / scale))
      image.data.copy(
        out.data,
        (y * width + x) * 4,
        (sy * image.width + sx) * 4,
        (sy * image.width + sx) * 4 + 4,
      )
    }
  }
  return PNG.sync.write(out)
}
