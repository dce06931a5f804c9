import { describe, expect, it } from 'vitest'
import { isAllowedExternal, isTrustedUrl } from '../../../src-main/app/security'

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
    [undefined, undefined, false],
    // a host on a file URL is a network share (\\evil.example\app\out\renderer\index.html on Windows)
    ['file://evil.example/app/out/renderer/index.html', undefined, false],
    // localhost is the local machine itself (RFC 8089); URL parsing drops it
    ['file://localhost/app/out/renderer/index.html', undefined, true],
    // malformed: refused, never thrown
    ['file:///app/out/renderer/%E0%A4%A', undefined, false],
    ['http://[', undefined, false],
    ['file:///app/out/renderer/index.html', 'not a url', true],
    ['http://localhost:5173/', '//[', false]
  ])('%s (dev server %s) → %s', (url, dev, trusted) => {
    expect(isTrustedUrl(url, dev, file)).toBe(trusted)
  })
})

describe('isAllowedExternal', () => {
  it.each([
    ['https://arxiv.org/abs/1808.00508', true],
    ['https://arxiv.org/pdf/2001.05016', true],
    ['https://github.com/AndreasMadsen/stable-nalu', true],
    ['https://openreview.net/forum?id=H1gNOeHKPS', true],
    ['http://arxiv.org/abs/1808.00508', false],
    ['https://arxiv.org.evil.example/abs/1', false],
    ['https://user:pw@arxiv.org/abs/1', false],
    ['https://arxiv.org:8443/abs/1', false],
    ['https://github.com/evil/repo', false],
    ['https://evil.example/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['smb://share/x', false],
    ['https://[', false],
    ['', false]
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedExternal(url)).toBe(allowed)
  })
})
