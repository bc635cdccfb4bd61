package org.pathguard.router;

/**
 * Where a lab stands for the router. UP: orders pass to it. SUSPECTED: passing orders to it has failed for longer than
 * the router waits ({@code pathguard.router.suspect-after}); orders still go to it until the network manager confirms
 * it DOWN. DOWN: declared so; its requesters' orders are triaged to partners, and it is UP again only when declared back.
 */
public enum LabState {
    UP, SUSPECTED, DOWN;

    /** The moves a declaration or the router's suspicion may make; no other, so a lab never flaps back by itself. */
    public boolean canBecome(LabState next) {
        return switch (this) {
            case UP -> next == SUSPECTED || next == DOWN;
            case SUSPECTED -> next == DOWN || next == UP;
            case DOWN -> next == UP;
        };
    }
}
