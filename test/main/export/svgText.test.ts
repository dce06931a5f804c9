import { describe, expect, it } from 'vitest'
import { mergeSvgText } from '../../../src-main/export/svgText'

const word = (t: string, x: string, y = '3.125, ', attrs = 'fill="#000" transform="translate(10 20)" font-size="12"') =>
  `<text ${attrs} x="${x}" y="${y}">${t}</text>`

describe('mergeSvgText', () => {
  it('joins a label Skia wrote word by word into one text element at its first glyph', () => {
    const svg = `<svg>${word('Training', '-56.5, -50.9, ')}${word('', '', '')}${word('loss', '-20.1, -15, ')}${word('', '', '')}${word('(MSE)', '21.6, 26.3, ')}<path d="M0 0"/></svg>`
    expect(mergeSvgText(svg)).toBe(
      '<svg><text fill="#000" transform="translate(10 20)" font-size="12" x="-56.5" y="3.125">Training loss (MSE)</text><path d="M0 0"/></svg>'
    )
  })

  it('keeps separate labels apart: other attributes, another baseline, or anything between them', () => {
    const a = word('1', '-3, ', '9.2, ', 'fill="#000" transform="translate(76 452)" font-size="10.8"')
    const b = word('3', '-3, ', '9.2, ', 'fill="#000" transform="translate(151 452)" font-size="10.8"')
    expect(mergeSvgText(`<svg>${a}${b}</svg>`).match(/<text/g)).toHaveLength(2)
    const c = word('nalu', '340, ', '66, ', 'fill="#000" font-size="12"')
    const d = word('nmu', '300, ', '86, ', 'fill="#000" font-size="12"')
    expect(mergeSvgText(`<svg>${c}${d}</svg>`).match(/<text/g)).toHaveLength(2)
    expect(mergeSvgText(`<svg>${c}<path d="M0 0"/>${c}</svg>`).match(/<text/g)).toHaveLength(2)
  })

  it('leaves an SVG without text untouched', () => {
    expect(mergeSvgText('<svg><path d="M0 0"/></svg>')).toBe('<svg><path d="M0 0"/></svg>')
  })
})
