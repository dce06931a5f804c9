/**
 * A .zip of a few files, stored without compression (PNG and PDF are compressed already; the whole
 * comparison is a few MB): local headers, the data, then the central directory, as PKWARE's
 * APPNOTE.TXT describes them. No ZIP64, so a member and the archive stay under 4 GiB.
 */
import { crc32 } from './crc32'

export interface ZipMember {
  /** a path inside the archive, forward slashes */
  name: string
  bytes: Buffer
}

/** MS-DOS date and time, the only clock a zip header has (2-second steps, local time, from 1980). */
function dosTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getFullYear())
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate()
  }
}

const VERSION = 20 // 2.0: stored files in folders
const UTF8_NAMES = 1 << 11

export function zipStore(members: readonly ZipMember[], when = new Date()): Buffer {
  const { time, date } = dosTime(when)
  const locals: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  const names = new Set<string>()
  for (const m of members) {
    if (names.has(m.name)) throw new Error(`zip: ${m.name} is in the archive twice`)
    names.add(m.name)
    const name = Buffer.from(m.name, 'utf8')
    const crc = crc32(m.bytes)
    const size = m.bytes.length
    if (size >= 0xffffffff || offset >= 0xffffffff) throw new Error(`zip: ${m.name} would pass the 4 GiB a zip without ZIP64 holds`)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(VERSION, 4)
    local.writeUInt16LE(UTF8_NAMES, 6)
    local.writeUInt16LE(0, 8) // stored
    local.writeUInt16LE(time, 10)
    local.writeUInt16LE(date, 12)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(size, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(name.length, 26)
    local.writeUInt16LE(0, 28)
    locals.push(local, name, m.bytes)

    const entry = Buffer.alloc(46)
    entry.writeUInt32LE(0x02014b50, 0)
    entry.writeUInt16LE((3 << 8) | VERSION, 4) // made by: Unix, so the mode below is read
    entry.writeUInt16LE(VERSION, 6)
    entry.writeUInt16LE(UTF8_NAMES, 8)
    entry.writeUInt16LE(0, 10)
    entry.writeUInt16LE(time, 12)
    entry.writeUInt16LE(date, 14)
    entry.writeUInt32LE(crc, 16)
    entry.writeUInt32LE(size, 20)
    entry.writeUInt32LE(size, 24)
    entry.writeUInt16LE(name.length, 28)
    // extra, comment, disk number, internal attributes: 0
    entry.writeUInt32LE((0o100644 << 16) >>> 0, 38) // a regular file, rw-r--r--
    entry.writeUInt32LE(offset, 42)
    central.push(entry, name)
    offset += 30 + name.length + size
  }
  const directory = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(members.length, 8)
  end.writeUInt16LE(members.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}
