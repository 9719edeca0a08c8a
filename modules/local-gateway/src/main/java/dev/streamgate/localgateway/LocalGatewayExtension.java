package dev.streamgate.localgateway;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension giving every test a fresh, started {@link LocalGateway}, closed after the test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static LocalGatewayExtension gateway = new LocalGatewayExtension(() -> LocalGateway.builder()
 *         .route("$default", Integration.handler(DefaultHandler.class)));
 *
 * @Test
 * void test(LocalGateway gateway) { ... }   // or gateway.get()
 * }</pre>
 *
 * <p>JUnit is an optional dependency of this module: tests that use the extension bring it.
 */
public final class LocalGatewayExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final Supplier<LocalGateway.Builder> builder;
    private LocalGateway gateway;

    /** An extension building each test's gateway from a fresh builder. */
    public LocalGatewayExtension(Supplier<LocalGateway.Builder> builder) {
        this.builder = builder;
    }

    /** An extension with a default gateway (no routes). */
    public LocalGatewayExtension() {
        this(LocalGateway::builder);
    }

    /** The current test's gateway. */
    public LocalGateway get() {
        if (gateway == null) {
            throw new IllegalStateException("no gateway outside a test; register the extension with @RegisterExtension");
        }
        return gateway;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        gateway = builder.get().build().start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalGateway.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return get();
    }
}
