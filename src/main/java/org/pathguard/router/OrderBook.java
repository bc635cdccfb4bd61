package org.pathguard.router;

import org.pathguard.crypto.FieldCipher;
import org.pathguard.lab.Priority;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The router's orders as recorded, and their sealed messages opened for sending. */
@Component
@ConditionalOnProperty(name = "pathguard.mode", havingValue = "router")
class OrderBook {

    private final JdbcClient db;
    private final FieldCipher cipher;
    /**
     * Orders whose message is on its way to a lab now. A declaration leaves them alone: the lab's answer decides (taken
     * there, or triaged afterwards), so an order is never both at the lab that fell and at a partner.
     */
    private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();

    OrderBook(JdbcClient db, FieldCipher cipher) {
        this.db = db;
        this.cipher = cipher;
    }

    boolean inFlight(UUID orderId) {
        return inFlight.contains(orderId);
    }

    void sending(UUID orderId) {
        inFlight.add(orderId);
    }

    void answered(UUID orderId) {
        inFlight.remove(orderId);
    }

    /** Orders left waiting for a lab now declared down: a home lab's FORWARDING ones, a partner's ROUTING ones; none in flight. */
    List<RoutedOrder> stranded() {
        return db.sql("""
                        select o.* from router_order o join router_lab l
                            on l.ods = case when o.state = 'ROUTING' then o.partner else o.home_lab end
                        where o.state in ('FORWARDING', 'ROUTING') and l.state = 'DOWN'
                        order by\s""" + Triage.PRIORITY_THEN_AGE)
                .query(OrderBook::order).list().stream().filter(o -> !inFlight(o.id())).toList();
    }

    Optional<RoutedOrder> order(UUID id) {
        return db.sql("select * from router_order where id = ?").param(id).query(OrderBook::order).optional();
    }

    /** Orders of {@code homeLab}'s requesters in {@code state}, critical first, then oldest first. */
    List<RoutedOrder> inState(String homeLab, String state, int limit) {
        return db.sql("select * from router_order where home_lab = ? and state = ? order by " + Triage.PRIORITY_THEN_AGE + " limit ?")
                .params(homeLab, state, limit).query(OrderBook::order).list();
    }

    /** Orders routed to {@code partner} that it has not yet taken, critical first, then oldest first. */
    List<RoutedOrder> routingTo(String partner) {
        return db.sql("select * from router_order where partner = ? and state = 'ROUTING' order by " + Triage.PRIORITY_THEN_AGE)
                .param(partner).query(OrderBook::order).list();
    }

    /** The order a partner's result answers: routed to that partner, for that requester, under that placer number. */
    Optional<RoutedOrder> routedTo(String partner, String requesterOds, String placerKey) {
        return db.sql("""
                        select * from router_order where partner = ? and requester_ods = ? and coalesce(placer_group, placer_number) = ?
                            and state in ('ROUTING', 'AT_PARTNER', 'RESULTED') order by received_at desc limit 1""")
                .params(partner, requesterOds, placerKey).query(OrderBook::order).optional();
    }

    String message(UUID orderId) {
        byte[] sealed = db.sql("select message from router_order where id = ?").param(orderId).query(byte[].class).single();
        return new String(cipher.open(sealed, RoutedOrderProjection.binding("router_order", "message", orderId)), StandardCharsets.UTF_8);
    }

    String resultMessage(UUID resultId) {
        byte[] sealed = db.sql("select message from router_result where id = ?").param(resultId).query(byte[].class).single();
        return new String(cipher.open(sealed, RoutedOrderProjection.binding("router_result", "message", resultId)), StandardCharsets.UTF_8);
    }

    String outboundMessage(UUID messageId) {
        byte[] sealed = db.sql("select message from router_outbound where id = ?").param(messageId).query(byte[].class).single();
        return new String(cipher.open(sealed, RoutedOrderProjection.binding("router_outbound", "message", messageId)), StandardCharsets.UTF_8);
    }

    static RoutedOrder order(ResultSet rs, int n) throws SQLException {
        return new RoutedOrder(rs.getObject("id", UUID.class), rs.getString("requester_ods"), rs.getString("home_lab"),
                rs.getString("message_type"), rs.getString("placer_number"), rs.getString("placer_group"),
                Priority.valueOf(rs.getString("priority")), List.of((String[]) rs.getArray("tests").getArray()),
                rs.getTimestamp("received_at").toInstant(), rs.getString("state"), rs.getString("partner"),
                Set.copyOf(List.of((String[]) rs.getArray("excluded_partners").getArray())), rs.getString("accession"), rs.getString("note"));
    }
}
