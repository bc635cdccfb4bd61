package org.pathguard;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Spring application; started by the {@code pathguard} command line (see {@code cli}). */
@SpringBootApplication
public class PathGuardApplication {
}
