-- The laboratory that performed a referred result (ISO 15189:2022 7.4.1.7), written by ResultProjection from
-- ResultRecorded. Null is this laboratory (every result recorded before referrals existed). An organisation's
-- ODS code and name are not patient data, so they are plain columns.
alter table result add column performed_by_ods text;
alter table result add column performed_by_name text;
alter table result add constraint result_performed_by_named
    check ((performed_by_ods is null) = (performed_by_name is null));
