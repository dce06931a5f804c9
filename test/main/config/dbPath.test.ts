import { describe, expect, it } from 'vitest'
import { dbArgument, defaultDbPath, resolveDbPath } from '../../../src-main/config/dbPath'

describe('the database location', () => {
  it('defaults to the per-user app-data folder of each OS', () => {
    expect(defaultDbPath({}, 'linux', '/home/ada')).toBe('/home/ada/.config/nalu-lab/lab.db')
    expect(defaultDbPath({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/ada')).toBe('/xdg/nalu-lab/lab.db')
    expect(defaultDbPath({}, 'darwin', '/Users/ada')).toBe('/Users/ada/Library/Application Support/nalu-lab/lab.db')
    expect(defaultDbPath({ APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ada')).toMatch(/Roaming.nalu-lab.lab\.db$/)
  })

  it('takes --db over NALU_LAB_DB over the default', () => {
    expect(resolveDbPath({ flag: '/a.db', env: { NALU_LAB_DB: '/b.db' } })).toBe('/a.db')
    expect(resolveDbPath({ env: { NALU_LAB_DB: '/b.db' } })).toBe('/b.db')
    expect(resolveDbPath({ env: { XDG_CONFIG_HOME: '/xdg' } })).toBe('/xdg/nalu-lab/lab.db')
  })

  it("reads --db from the desktop app's arguments in both spellings", () => {
    expect(dbArgument(['/electron', '/app', '--db', '/runs/lab.db'])).toBe('/runs/lab.db')
    expect(dbArgument(['/electron', '/app', '--db=/runs/lab.db'])).toBe('/runs/lab.db')
    expect(dbArgument(['/electron', '/app'])).toBeUndefined()
    expect(dbArgument(['/electron', '/app', '--db', '--inspect'])).toBeUndefined()
  })
})
