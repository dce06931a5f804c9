import init from '../../db/001_init.sql?raw'
import studies from '../../db/002_studies.sql?raw'
import slurm from '../../db/003_slurm.sql?raw'
import snapshots from '../../db/004_snapshots.sql?raw'
import recovered from '../../db/005_recovered.sql?raw'
import seriesColumns from '../../db/006_series_columns.sql?raw'
import { parseMigrations, type Migration } from './migrations'

/**
 * The schema's migrations (db/NNN_name.sql), built into the code so that no install has to find
 * the db/ folder at run time. A new migration is added here too: migrations.test.ts fails while
 * a file of db/ is missing from this list.
 */
export const BUNDLED_MIGRATIONS: Migration[] = parseMigrations('db', {
  '001_init.sql': init,
  '002_studies.sql': studies,
  '003_slurm.sql': slurm,
  '004_snapshots.sql': snapshots,
  '005_recovered.sql': recovered,
  '006_series_columns.sql': seriesColumns
})
