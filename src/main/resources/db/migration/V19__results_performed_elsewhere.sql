-- Results a partner laboratory performed for this lab's requesters while this lab was down (issue 16, ADR 0035),
-- filed here when the network router sends them on recovery. The order is a projection of OrderDoneElsewhere
-- (OrderProjection): the partner that did the work (its ODS code) and its own accession. Organisations' codes and
-- accessions are not patient data, so the columns are plain. Null is this lab's own order.
alter table lab_order add column performed_elsewhere text;
alter table lab_order add column partner_accession text;
alter table lab_order add constraint lab_order_elsewhere_named
    check ((performed_elsewhere is null) = (partner_accession is null));
