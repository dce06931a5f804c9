import { inflateSync } from 'node:zlib'
import { SaxesParser } from 'saxes'

/** Width and height from a PNG's IHDR chunk (bytes 16–23), after checking the signature. */
export function pngSize(buf: Buffer): { width: number; height: number } {
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  if (!buf.subarray(0, 8).equals(sig)) throw new Error('not a PNG')
  if (buf.toString('latin1', 12, 16) !== 'IHDR') throw new Error('PNG without IHDR first')
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) }
}

export interface XmlElement {
  name: string
  attributes: Record<string, string>
  children: XmlElement[]
  text: string
}

/**
 * Parses SVG text with a strict XML parser (saxes, the one jsdom's DOMParser uses): malformed XML
 * throws. Returns the root element as a small tree.
 */
export function parseSvg(text: string): XmlElement {
  const parser = new SaxesParser()
  const stack: XmlElement[] = []
  let root: XmlElement | null = null
  parser.on('opentag', (tag) => {
    const el: XmlElement = { name: tag.name, attributes: { ...(tag.attributes as Record<string, string>) }, children: [], text: '' }
    if (stack.length) stack[stack.length - 1].children.push(el)
    else root = el
    stack.push(el)
  })
  parser.on('text', (t) => {
    if (stack.length) stack[stack.length - 1].text += t
  })
  parser.on('closetag', () => void stack.pop())
  parser.on('error', (e) => {
    throw new Error(`SVG is not well-formed XML: ${e.message}`)
  })
  parser.write(text).close()
  if (!root) throw new Error('SVG has no root element')
  return root
}

export function elements(root: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = []
  const walk = (e: XmlElement) => {
    if (e.name === name) out.push(e)
    e.children.forEach(walk)
  }
  walk(root)
  return out
}

/**
 * Skia writes one <text> per word (spaces become empty runs), so read all text in document order
 * with single spaces, and the phrases appear as drawn.
 */
export function svgText(root: XmlElement): string {
  return elements(root, 'text')
    .map((t) => t.text.trim())
    .filter(Boolean)
    .join(' ')
}

export interface PdfParts {
  header: string
  /** every object dictionary, as text */
  dicts: string[]
  /** every stream, inflated when FlateDecode */
  streams: { dict: string; data: Buffer }[]
}

export function pdfParts(buf: Buffer): PdfParts {
  const text = buf.toString('latin1')
  const streams: PdfParts['streams'] = []
  const re = /<<((?:[^<>]|<<(?:[^<>]|<<[^<>]*>>)*>>|<[^<>]*>)*)>>\s*stream\r?\n/g
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length
    const end = text.indexOf('endstream', start)
    let data = buf.subarray(start, end)
    if (/\/FlateDecode/.test(m[1])) data = inflateSync(data)
    streams.push({ dict: m[1], data })
    re.lastIndex = end
  }
  const dicts = Array.from(text.matchAll(/\d+ 0 obj\s*<<([\s\S]*?)>>\s*(?:stream|endobj)/g), (m) => m[1])
  return { header: text.slice(0, 8), dicts, streams }
}
