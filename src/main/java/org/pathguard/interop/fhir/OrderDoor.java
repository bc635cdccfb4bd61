package org.pathguard.interop.fhir;

/**
 * The transaction provider the FHIR server registers: a lab places the order itself ({@link OrderTransaction}), the network
 * router records and routes it ({@link NetworkOrderTransaction}).
 */
interface OrderDoor {
}
