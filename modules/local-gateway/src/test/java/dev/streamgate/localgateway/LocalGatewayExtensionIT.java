package dev.streamgate.localgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JUnit 5 extension gives each test a started gateway, as a field and as a parameter. */
class LocalGatewayExtensionIT {

    @RegisterExtension
    static final LocalGatewayExtension GATEWAY = new LocalGatewayExtension(() -> LocalGateway.builder()
            .stage("ext")
            .route("$default", Integration.handler(TestHandlers.Echo.class)));

    @Test
    void parameterAndField_areTheSameStartedGateway(LocalGateway gateway) throws Exception {
        assertThat(gateway).isSameAs(GATEWAY.get());
        assertThat(gateway.webSocketUrl().getPath()).isEqualTo("/ext");
        try (TestClient client = TestClient.connect(gateway.webSocketUrl())) {
            client.send("hello");
            assertThat(gateway.takeInvocation("$default", Duration.ofSeconds(10)).body()).isEqualTo("hello");
        }
    }
}
