import { crc32 } from '../../../src-main/export/crc32'

export interface ZipEntry {
  name: string
  method: number
  crc: number
  bytes: Buffer
}

/**
 * Reads a stored (uncompressed) zip from its end: the end record, the central directory, each
 * local header, checking that the two headers agree and each member's CRC-32 matches its bytes.
 */
export function readZip(zip: Buffer): ZipEntry[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  if (end < 0) throw new Error('no end of central directory record')
  const count = zip.readUInt16LE(end + 10)
  let at = zip.readUInt32LE(end + 16)
  if (at + zip.readUInt32LE(end + 12) !== end) throw new Error('the central directory does not end where the end record starts')
  const out: ZipEntry[] = []
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`entry ${i}: not a central directory header`)
    const method = zip.readUInt16LE(at + 10)
    const crc = zip.readUInt32LE(at + 16)
    const size = zip.readUInt32LE(at + 20)
    const nameLen = zip.readUInt16LE(at + 28)
    const extra = zip.readUInt16LE(at + 30)
    const comment = zip.readUInt16LE(at + 32)
    const local = zip.readUInt32LE(at + 42)
    const name = zip.subarray(at + 46, at + 46 + nameLen).toString('utf8')
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`${name}: no local header at ${local}`)
    if (zip.readUInt32LE(local + 14) !== crc || zip.readUInt32LE(local + 22) !== size) throw new Error(`${name}: headers disagree`)
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
    const bytes = zip.subarray(start, start + size)
    if (crc32(bytes) !== crc) throw new Error(`${name}: CRC-32 does not match its bytes`)
    out.push({ name, method, crc, bytes })
    at += 46 + nameLen + extra + comment
  }
  return out
}
