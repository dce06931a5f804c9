import { describe, expect, it } from 'vitest'
import engine from '../../../docs/engine.md?raw'
import { renderMarkdown, slug } from '../../../src-renderer/lib/markdown'

describe('the docs renderer', () => {
  it('renders headings with GitHub’s anchors, paragraphs, lists, tables and code', () => {
    const html = renderMarkdown(
      [
        '## The article’s claims and the sign caveat (measured)',
        'A **bold** claim with `code` and a [link](https://example.org).',
        '',
        '- one',
        '- two',
        '',
        '| a | b |',
        '|---|--:|',
        '| 1 | 2 |',
        '',
        '```sh',
        'npm run lab',
        '```'
      ].join('\n')
    )
    expect(html).toContain('<h2 id="the-article-s-claims-and-the-sign-caveat-measured">')
    expect(html).toContain(
      '<p>A <strong>bold</strong> claim with <code>code</code> and a <a href="https://example.org" target="_blank" rel="noreferrer">link</a>.</p>'
    )
    expect(html).toContain('<ul><li>one</li><li>two</li></ul>')
    expect(html).toContain('<thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody>')
    expect(html).toContain('<pre><code>npm run lab</code></pre>')
  })

  it('escapes HTML, so nothing in a document runs', () => {
    const html = renderMarkdown('<script>alert(1)</script> and <img src=x onerror=alert(1)> [x](javascript:alert(1))')
    expect(html).not.toMatch(/<script|<img|href="javascript/)
    expect(html).toContain('&lt;script&gt;')
  })

  it('finds the sign-caveat section of docs/engine.md that the app links to', () => {
    expect(renderMarkdown(engine)).toContain(`id="${slug('The article’s claims and the sign caveat (measured)')}"`)
    expect(slug('The article’s claims and the sign caveat (measured)')).toBe('the-article-s-claims-and-the-sign-caveat-measured')
  })
})
