-- The security posture's recorded state (PostureProjection): every attestation of a manual indicator (the latest per
-- indicator counts; earlier ones stay as its history) and every evidence pack made, with its digests. Staff's words
-- about the lab's arrangements, never patient data: kept in clear.

create table posture_attestation (
    sequence      bigint      primary key,
    indicator_id  text        not null,
    evidence      text        not null,
    statement     text        not null,
    attested_by   text        not null,
    attested_at   timestamptz not null
);

create index posture_attestation_latest on posture_attestation (indicator_id, sequence desc);

create table posture_evidence_pack (
    sequence        bigint      primary key,
    json_sha256     text        not null,
    pdf_sha256      text        not null,
    key_fingerprint text        not null,
    made_by         text        not null,
    made_at         timestamptz not null
);
