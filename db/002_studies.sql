-- NALU Lab run store, schema version 2: studies (many seeds, Madsen & Johansen's verdict).
-- Applied by src-main/store/migrations.ts inside one transaction, after a dated backup of the file.

-- The sparsity error max over W of min(|W|, |1 − |W||) at each evaluation point, for units that have
-- one (NAU, NMU); NULL for the others and for every epoch stored before this version. Nullable, so
-- adding it rewrites no page: old rows read it as NULL.
ALTER TABLE epochs ADD COLUMN sparsity_error REAL;

-- The paper's verdict (FinalMetrics.verdict), copied from run_details.final when the run ends, so a
-- study's success rate is one indexed scan of its runs instead of parsing every final JSON. NULL for
-- runs without a verdict (runs of older versions, active, failed and interrupted runs).
--   solved          1/0: extrapolation MSE below the threshold at the point of lowest interpolation MSE
--   solved_at       first evaluation point (epoch or iteration) below the threshold, NULL if never
--   best_iteration  the point of lowest interpolation MSE, where `solved` is judged
--   sparsity_error  the sparsity error at best_iteration
ALTER TABLE runs ADD COLUMN solved INTEGER;
ALTER TABLE runs ADD COLUMN solved_at INTEGER;
ALTER TABLE runs ADD COLUMN best_iteration INTEGER;
ALTER TABLE runs ADD COLUMN sparsity_error REAL;

-- A run written by an engine that already gave verdicts to a version-1 file keeps it. The final
-- JSON writes numbers it cannot hold as marker strings ("NaN"), hence the type checks.
UPDATE runs SET
  solved = (SELECT json_extract(d.final, '$.verdict.solved') FROM run_details d WHERE d.run_id = runs.id),
  solved_at = (SELECT CASE WHEN json_type(d.final, '$.verdict.solvedAt') = 'integer'
                 THEN json_extract(d.final, '$.verdict.solvedAt') END FROM run_details d WHERE d.run_id = runs.id),
  best_iteration = (SELECT CASE WHEN json_type(d.final, '$.verdict.bestIteration') = 'integer'
                 THEN json_extract(d.final, '$.verdict.bestIteration') END FROM run_details d WHERE d.run_id = runs.id),
  sparsity_error = (SELECT CASE WHEN json_type(d.final, '$.verdict.sparsityError') IN ('integer', 'real')
                 THEN json_extract(d.final, '$.verdict.sparsityError') END FROM run_details d WHERE d.run_id = runs.id)
WHERE id IN (SELECT run_id FROM run_details WHERE json_type(final, '$.verdict.solved') IN ('true', 'false'));

-- Experiments stored before this version trained their epochs in one fixed order and kept the short
-- last batch; the training schema now defaults to reshuffling and dropping it. Writing the old
-- behaviour into each stored spec keeps what those runs did (and a "run again" repeats it).
UPDATE experiments SET spec = json_set(spec, '$.training.shuffle', json('false'))
WHERE json_type(spec, '$.training.shuffle') IS NULL;
UPDATE experiments SET spec = json_set(spec, '$.training.dropLast', json('false'))
WHERE json_type(spec, '$.training.dropLast') IS NULL;
