package dev.streamgate.localgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ApiGatewayManagementApiException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.LimitExceededException;

/** Frame and message limits, idle and duration timers, and scripted faults, with shrunk values. */
class LimitsAndFaultsIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static LocalGateway gateway(Limits limits, Faults faults) {
        return LocalGateway.builder()
                .route("$default", Integration.handler(TestHandlers.Echo.class))
                .route("$disconnect", Integration.handler(TestHandlers.Echo.class))
                .limits(limits).faults(faults)
                .build().start();
    }

    private static int disconnectCode(LocalGateway gateway) {
        return gateway.takeInvocation("$disconnect", WAIT).event().get("requestContext")
                .get("disconnectStatusCode").asInt();
    }

    @Test
    void frameBiggerThanTheFrameLimit_closesWith1009() throws Exception {
        try (LocalGateway gateway = gateway(Limits.builder().frameBytes(100).messageBytes(250).build(), Faults.none());
             TestClient client = TestClient.connect(gateway.webSocketUrl())) {
            client.send("x".repeat(100));
            gateway.takeInvocation("$default", WAIT);
            client.sendTriggeringClose("x".repeat(101), true);
            assertThat(client.awaitClose(WAIT).getCloseCode().getCode()).isEqualTo(1009);
            assertThat(disconnectCode(gateway)).isEqualTo(1009);
        }
    }

    @Test
    void messageBiggerThanTheMessageLimitInSmallFrames_closesWith1009() throws Exception {
        try (LocalGateway gateway = gateway(Limits.builder().frameBytes(100).messageBytes(250).build(), Faults.none());
             TestClient client = TestClient.connect(gateway.webSocketUrl())) {
            var remote = client.session().getBasicRemote();
            remote.sendText("a".repeat(100), false);
            remote.sendText("b".repeat(100), false);
            remote.sendText("c".repeat(50), true);
            assertThat(gateway.takeInvocation("$default", WAIT).body()).hasSize(250);
            remote.sendText("a".repeat(100), false);
            remote.sendText("b".repeat(100), false);
            client.sendTriggeringClose("c".repeat(51), true);
            assertThat(client.awaitClose(WAIT).getCloseCode().getCode()).isEqualTo(1009);
        }
    }

    @Test
    void idleConnection_isClosedWithGoingAway() throws Exception {
        try (LocalGateway gateway = gateway(Limits.builder().idleTimeout(Duration.ofMillis(300)).build(), Faults.none());
             TestClient client = TestClient.connect(gateway.webSocketUrl())) {
            CloseReason reason = client.awaitClose(WAIT);
            assertThat(reason.getCloseCode().getCode()).isEqualTo(1001);
            assertThat(reason.getReasonPhrase()).isEqualTo("Going away");
            assertThat(disconnectCode(gateway)).isEqualTo(1001);
            assertThat(gateway.connectionIds()).isEmpty();
        }
    }

    @Test
    void connectionOlderThanTheDurationLimit_isClosedWithGoingAway() throws Exception {
        try (LocalGateway gateway = gateway(Limits.builder().maxConnectionDuration(Duration.ofMillis(300)).build(),
                Faults.none());
             TestClient client = TestClient.connect(gateway.webSocketUrl())) {
            assertThat(client.awaitClose(WAIT).getCloseCode().getCode()).isEqualTo(1001);
        }
    }

    @Test
    void throttleAndErrorFaults_surfaceAsTheSdksExceptions() throws Exception {
        try (LocalGateway throttled = gateway(Limits.aws(), Faults.builder().throttleFraction(1).build());
             ApiGatewayManagementApiClient sdk = Sdk.client(throttled)) {
            assertThatThrownBy(() -> sdk.postToConnection(b -> b.connectionId("x").data(SdkBytes.fromUtf8String("x"))))
                    .isInstanceOf(LimitExceededException.class);
        }
        try (LocalGateway failing = gateway(Limits.aws(), Faults.builder().errorFraction(1).build());
             ApiGatewayManagementApiClient sdk = Sdk.client(failing)) {
            assertThatThrownBy(() -> sdk.postToConnection(b -> b.connectionId("x").data(SdkBytes.fromUtf8String("x"))))
                    .isInstanceOfSatisfying(ApiGatewayManagementApiException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(500));
        }
    }

    @Test
    void seededFaults_failTheSameCallsOnEveryRun() {
        assertThat(faultPattern(7)).isEqualTo(faultPattern(7)).contains(200, 429);
    }

    private static List<Integer> faultPattern(long seed) {
        List<Integer> statuses = new ArrayList<>();
        try (LocalGateway gateway = gateway(Limits.aws(), Faults.builder().throttleFraction(0.5).seed(seed).build());
             TestClient client = TestClient.connect(gateway.webSocketUrl());
             ApiGatewayManagementApiClient sdk = Sdk.client(gateway)) {
            String id = gateway.awaitConnection(WAIT);
            for (int i = 0; i < 20; i++) {
                try {
                    sdk.postToConnection(b -> b.connectionId(id).data(SdkBytes.fromUtf8String("m")));
                } catch (LimitExceededException e) {
                    // recorded below
                }
                statuses.add(gateway.takeManagementCall(WAIT).status());
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return statuses;
    }

    @Test
    void dropAfterMessages_closesTheClientAfterTheNthPush() throws Exception {
        try (LocalGateway gateway = gateway(Limits.aws(), Faults.builder().dropAfterMessages(2)
                        .managementLatency(Duration.ofMillis(20)).build());
             TestClient client = TestClient.connect(gateway.webSocketUrl());
             ApiGatewayManagementApiClient sdk = Sdk.client(gateway)) {
            String id = gateway.awaitConnection(WAIT);
            sdk.postToConnection(b -> b.connectionId(id).data(SdkBytes.fromUtf8String("one")));
            sdk.postToConnection(b -> b.connectionId(id).data(SdkBytes.fromUtf8String("two")));
            assertThat(client.awaitMessage(WAIT)).isEqualTo("one");
            assertThat(client.awaitMessage(WAIT)).isEqualTo("two");
            assertThat(client.awaitClose(WAIT).getCloseCode().getCode()).isEqualTo(1001);
            assertThat(disconnectCode(gateway)).isEqualTo(1001);
        }
    }

    @Test
    void dropAfterTime_closesTheClient() throws Exception {
        try (LocalGateway gateway = gateway(Limits.aws(), Faults.builder().dropAfter(Duration.ofMillis(200)).build());
             TestClient client = TestClient.connect(gateway.webSocketUrl())) {
            assertThat(client.awaitClose(WAIT).getCloseCode().getCode()).isEqualTo(1001);
        }
    }
}
