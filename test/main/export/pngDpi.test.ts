import { describe, expect, it } from 'vitest'
import { crc32, deflateSync } from 'node:zlib'
import { pngDpi, withPngDpi } from '../../../src-main/export/pngDpi'
import { pngSize } from './inspect'

/** A valid 2×1 RGB PNG built by hand (so the test needs no encoder). */
function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (b: Buffer) => {
    let c = 0xffffffff
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const c = Buffer.alloc(4)
    c.writeUInt32BE(crc(body))
    return Buffer.concat([len, body, c])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(2, 0)
  ihdr.writeUInt32BE(1, 4)
  ihdr.set([8, 2, 0, 0, 0], 8)
  const raw = Buffer.from([0, 255, 0, 0, 0, 0, 255])
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0))
  ])
}

function chunkTypes(png: Buffer): string[] {
  const out: string[] = []
  for (let at = 8; at + 12 <= png.length; at += 12 + png.readUInt32BE(at)) out.push(png.toString('latin1', at + 4, at + 8))
  return out
}

describe('PNG DPI (pHYs)', () => {
  it('writes the DPI as pixels per metre right after IHDR, leaving the image as it was', () => {
    const png = tinyPng()
    expect(pngDpi(png)).toBeNull()
    const out = withPngDpi(png, 300)
    expect(chunkTypes(out)).toEqual(['IHDR', 'pHYs', 'IDAT', 'IEND'])
    expect(out.readUInt32BE(8 + 25 + 8)).toBe(11811) // 300 / 0.0254, rounded
    expect(Math.round(pngDpi(out)!.x)).toBe(300)
    expect(pngSize(out)).toEqual({ width: 2, height: 1 })
  })

  it('replaces an earlier pHYs instead of adding a second, with a correct CRC', () => {
    const twice = withPngDpi(withPngDpi(tinyPng(), 72), 600)
    expect(chunkTypes(twice).filter((t) => t === 'pHYs')).toHaveLength(1)
    expect(Math.round(pngDpi(twice)!.y)).toBe(600)
    const again = withPngDpi(tinyPng(), 600)
    expect(twice.equals(again)).toBe(true)
    // a wrong CRC makes decoders refuse the file: checked against Node's own crc32
    const at = 8 + 25
    expect(again.readUInt32BE(at + 17)).toBe(crc32(again.subarray(at + 4, at + 17)))
  })

  it('refuses what is not a PNG', () => {
    expect(() => withPngDpi(Buffer.from('GIF89a'), 300)).toThrow(/not a PNG/)
  })
})
