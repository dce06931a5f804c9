/**
 * Skia writes a label as one <text> per word (spaces as empty <text> elements), each glyph placed
 * by its own x. In Inkscape or Illustrator such a label cannot be edited as a line. Here the run of
 * adjacent <text> elements sharing every attribute but x/y (same transform, font, fill) becomes
 * one <text> at the first glyph's position holding the whole label; the per-glyph positions go, so
 * the label is laid out by the reader's font (Skia's font or a metric-compatible fallback).
 */
const TEXT = /<text((?:\s+[a-zA-Z:-]+="[^"]*")*)\s*>([^<]*)<\/text>/y

interface TextEl {
  attrs: string
  x: string | null
  y: string | null
  content: string
}

function parseAttrs(raw: string): TextEl {
  let x: string | null = null
  let y: string | null = null
  const attrs = raw.replace(/\s+([xy])="([^"]*)"/g, (_m, name: string, value: string) => {
    const first = value.split(',')[0].trim()
    if (name === 'x') x = first || null
    else y = first || null
    return ''
  })
  return { attrs, x, y, content: '' }
}

function emit(group: TextEl[]): string {
  const lead = group.find((t) => t.content !== '' && t.x !== null) ?? group[0]
  let content = ''
  for (const t of group) content += t.content === '' ? (content.endsWith(' ') ? '' : ' ') : t.content
  content = content.trim()
  if (!content) return ''
  const pos = `${lead.x !== null ? ` x="${lead.x}"` : ''}${lead.y !== null ? ` y="${lead.y}"` : ''}`
  return `<text${lead.attrs}${pos}>${content}</text>`
}

export function mergeSvgText(svg: string): string {
  let out = ''
  let i = 0
  while (i < svg.length) {
    const start = svg.indexOf('<text', i)
    if (start < 0) break
    out += svg.slice(i, start)
    const group: TextEl[] = []
    let at = start
    for (;;) {
      TEXT.lastIndex = at
      const m = TEXT.exec(svg)
      if (!m) break
      const el = parseAttrs(m[1])
      // one label: same attributes and, for words, the same baseline (separate labels are never adjacent
      // with both; the legend draws a colour box between its entries)
      const lead = group.find((t) => t.y !== null)
      if (group.length && (el.attrs !== group[0].attrs || (el.y !== null && lead && el.y !== lead.y))) break
      el.content = m[2]
      group.push(el)
      at = TEXT.lastIndex
    }
    if (!group.length) {
      // not a form this merger knows: copy the tag through untouched
      out += '<text'
      i = start + 5
      continue
    }
    out += emit(group)
    i = at
  }
  return out + svg.slice(i)
}
