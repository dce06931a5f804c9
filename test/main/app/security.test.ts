import { describe, expect, it } from 'vitest'
import { isTrustedUrl } from '../../../src-main/app/security'

const file = '/app/out/renderer/index.html'

describe('isTrustedUrl', () => {
  it.each([
    ['file:///app/out/renderer/index.html', undefined, true],
    ['file:///app/out/renderer/index.html#/compare?ids=1,2', undefined, true],
    ['file:///app/out/renderer/other.html', undefined, false],
    ['http://localhost:5173/', 'http://localhost:5173', true],
    ['http://localhost:5174/', 'http://localhost:5173', false],
    ['https://evil.example/', undefined, false],
    ['devtools://devtools/bundled/index.html', undefined, false],
    [undefined, undefined, false]
  ])('%s (dev server %s) → %s', (url, dev, trusted) => {
    expect(isTrustedUrl(url, dev, file)).toBe(trusted)
  })
})
