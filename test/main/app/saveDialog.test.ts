import { describe, expect, it, vi } from 'vitest'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { electronMock } from './electronMock'

vi.mock('electron', () => electronMock)
const { createSaveFile } = await import('../../../src-main/app/saveDialog')

describe('the save dialog', () => {
  it('writes the file where the user chose and starts there next time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nalu-save-'))
    const save = createSaveFile(() => null, join(dir, 'state', 'save-dialog.json'))
    const show = electronMock.dialog.showSaveDialog
    show.mockResolvedValueOnce({ canceled: false, filePath: join(dir, 'figure.svg') })
    const file = { fileName: 'figure.svg', mime: 'image/svg+xml', bytes: Buffer.from('<svg/>') }
    expect(await save(file)).toBe(join(dir, 'figure.svg'))
    expect(readFileSync(join(dir, 'figure.svg'), 'utf8')).toBe('<svg/>')
    expect(show.mock.calls[0][0]).toMatchObject({ defaultPath: 'figure.svg', filters: [{ extensions: ['svg'] }] })

    show.mockResolvedValueOnce({ canceled: true })
    expect(await save({ ...file, fileName: 'next.svg' })).toBeNull()
    expect(show.mock.calls[1][0]).toMatchObject({ defaultPath: join(dir, 'next.svg') })
  })
})
