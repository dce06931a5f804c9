/**
 * Just enough Markdown for the project's own docs (headings, paragraphs, lists, tables, code
 * blocks, `code`, **bold**, *emphasis*, links) to be read inside the app. Everything is
 * HTML-escaped first; the input is only ever the docs bundled at build time.
 */
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** A heading's anchor: lower case, apostrophes as dashes, other punctuation dropped, spaces as dashes. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’']/g, '-')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s+/g, '-')
    .replace(/-+/g, '-')
}

function inline(text: string): string {
  return escape(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*\w])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label: string, href: string) =>
      /^(https?:|#)/.test(href) ? `<a href="${href}" target="_blank" rel="noreferrer">${label}</a>` : `${label} (${href})`
    )
}

const cells = (row: string) =>
  row
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim())

export function renderMarkdown(md: string): string {
  const lines = md.replace(/\r\n/g, '\n').split('\n')
  const out: string[] = []
  let i = 0
  while (i < lines.length) {
    const line = lines[i]
    if (/^```/.test(line)) {
      const body: string[] = []
      for (i++; i < lines.length && !/^```/.test(lines[i]); i++) body.push(lines[i])
      out.push(`<pre><code>${escape(body.join('\n'))}</code></pre>`)
      i++
    } else if (/^#{1,6}\s/.test(line)) {
      const level = /^#+/.exec(line)![0].length
      const text = line.slice(level).trim()
      out.push(`<h${level} id="${slug(text)}">${inline(text)}</h${level}>`)
      i++
    } else if (/^\|/.test(line)) {
      const rows: string[][] = []
      for (; i < lines.length && /^\|/.test(lines[i]); i++) if (!/^\|[\s:|-]+\|?\s*$/.test(lines[i])) rows.push(cells(lines[i]))
      const [head, ...body] = rows
      out.push(
        `<table class="data"><thead><tr>${head.map((c) => `<th>${inline(c)}</th>`).join('')}</tr></thead><tbody>${body
          .map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>`
      )
    } else if (/^\s*[-*]\s/.test(line)) {
      const items: string[] = []
      for (; i < lines.length && /^\s*([-*]\s|\s{2,}\S)/.test(lines[i]); i++) {
        if (/^\s*[-*]\s/.test(lines[i])) items.push(lines[i].replace(/^\s*[-*]\s/, ''))
        else items[items.length - 1] += ` ${lines[i].trim()}`
      }
      out.push(`<ul>${items.map((t) => `<li>${inline(t)}</li>`).join('')}</ul>`)
    } else if (line.trim() === '') {
      i++
    } else {
      const para: string[] = []
      for (; i < lines.length && lines[i].trim() !== '' && !/^(#{1,6}\s|```|\||\s*[-*]\s)/.test(lines[i]); i++) para.push(lines[i])
      out.push(`<p>${inline(para.join(' '))}</p>`)
    }
  }
  return out.join('\n')
}
