package org.pathguard.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimitsTest {

    @Test
    void eachPrincipalHasItsOwnBucket() {
        RateLimits limits = new RateLimits(100, 100, 3);
        for (int i = 0; i < 3; i++) {
            limits.call("busy");
        }
        assertThatThrownBy(() -> limits.call("busy")).isInstanceOf(TooManyRequests.class).hasMessageContaining("at most 3 a minute");
        limits.call("someone.else");
    }
}
