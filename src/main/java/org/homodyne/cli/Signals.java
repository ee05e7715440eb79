package org.homodyne.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGINT/SIGTERM: the first one asks the fit to finish its current batch, write a checkpoint and
 * exit 130; a second one exits at once. Uses sun.misc.Signal (module jdk.unsupported) because a
 * shutdown hook cannot keep the JVM alive long enough to finish a batch cleanly.
 */
final class Signals {
    private static final Logger LOG = LoggerFactory.getLogger("homodyne");

    private Signals() {
    }

    static void install(AtomicBoolean interrupt) {
        for (String name : new String[]{"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), sig -> {
                    if (interrupt.getAndSet(true)) {
                        LOG.warn("second SIG{}: exiting without a new checkpoint", sig.getName());
                        Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
                    }
                    LOG.warn("SIG{} received: finishing the current batch, writing a checkpoint, then exiting "
                            + "(send it again to exit at once)", sig.getName());
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                LOG.debug("cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
    }
}
