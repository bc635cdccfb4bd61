-- A submission's results are one event since ADR 0056: ten OBX make a payload of about 3 kB, over the 2 kB at which
-- PostgreSQL would try to compress it (ciphertext does not compress) and then move it to the TOAST table, two more
-- rows and index entries a message. Rows up to a page's worth stay in the table, as every event did before.
alter table event_log set (toast_tuple_target = 8160);
