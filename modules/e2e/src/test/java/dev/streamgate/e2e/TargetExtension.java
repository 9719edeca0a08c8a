package dev.streamgate.e2e;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Opens one {@link E2eTarget} for a test class and closes it after the last test. Register it as a static field:
 * {@code @RegisterExtension static final TargetExtension TARGET = new TargetExtension(TargetOptions.plain());}.
 * A target that lacks a required capability aborts the class's tests (they are reported as skipped).
 */
final class TargetExtension implements BeforeAllCallback, AfterAllCallback {

    private final TargetOptions options;
    private E2eTarget target;

    TargetExtension(TargetOptions options) {
        this.options = options;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        target = E2eTargets.open(options);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (target != null) {
            target.close();
            target = null;
        }
    }

    /** The open target. */
    E2eTarget get() {
        if (target == null) {
            throw new IllegalStateException("the target is open only while the test class runs");
        }
        return target;
    }
}
