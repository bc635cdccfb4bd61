-- A restore's progress (ADR 0057): a row is committed on its own before the restore loads anything, and marked finished
-- last, after the load's commits and the replay. A lab does not start on a database whose restore began and never
-- finished (the process was killed, or failed after a commit): it would hold a log without its projections.
-- No patient data: the repository's location and two times.

create table restore_run (
    started_at  timestamptz not null,
    repository  text        not null,
    finished_at timestamptz
);
