-- Schema version 5: how many outputs a run's final weights recovered exactly (src-main/store/recovered.ts),
-- kept so that Compare and the study page count them without parsing every run's weights again.
-- NULL = not counted yet: runs finished before this migration are counted on first read, and a
-- change of the weights (a run trained again, a Slurm shard filling its placeholder) forgets the count.
ALTER TABLE run_details ADD COLUMN formula_outputs INTEGER;
ALTER TABLE run_details ADD COLUMN formula_recovered INTEGER;

CREATE TRIGGER run_details_weights_changed AFTER UPDATE OF weights ON run_details
BEGIN
  UPDATE run_details SET formula_outputs = NULL, formula_recovered = NULL WHERE run_id = NEW.run_id;
END;
