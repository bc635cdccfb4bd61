-- Each rotation of one of the lab's keysets (ADR 0049): which keyset, the new key's id, who ran it and when. A
-- projection of the KeyRotated events; no key material. The posture's key-age indicator reads the newest per keyset.
create table key_rotation (
    sequence    bigint      primary key,
    keyset      text        not null check (keyset in ('DATA', 'INDEX', 'CHECKPOINT', 'MASTER')),
    new_key_id  text        not null,
    operator    text        not null,
    note        text        not null,
    rotated_at  timestamptz not null
);

create index key_rotation_by_keyset on key_rotation (keyset, rotated_at desc);
