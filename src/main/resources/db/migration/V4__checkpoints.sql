-- Signed tree heads over the event log (RFC 9162 Merkle tree, leaves = events' chain hashes). Not a
-- projection: made by the checkpointer, restored from the backup with the log, never rebuilt.
create table checkpoint (
    tree_size  bigint      primary key,
    root_hash  bytea       not null,
    made_at    timestamptz not null,
    note       text        not null,   -- the signed note, exactly as witnesses and backups hold it
    frontier   bytea       not null    -- the perfect subtrees at this size, to carry on without rereading leaves
);

-- Checkpoints of partner labs' logs, held by this lab as their witness.
create table witnessed_checkpoint (
    origin       text        not null,
    tree_size    bigint      not null,
    root_hash    bytea       not null,
    note         text        not null,
    received_at  timestamptz not null,
    primary key (origin, tree_size)
);

create function is_append_only() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only: % is not allowed', tg_table_name, tg_op;
end $$;
create trigger checkpoint_no_update_or_delete before update or delete on checkpoint
    for each row execute function is_append_only();
create trigger witnessed_checkpoint_no_update_or_delete before update or delete on witnessed_checkpoint
    for each row execute function is_append_only();
