package dev.streamgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.auth.TokenIssuer;
import dev.streamgate.core.internal.Json;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one test whose length is the point: a 40-second answer over SSE with no budget set. */
class LongAnswerIT {

    private CoreServer core;

    @AfterEach
    void stop() {
        if (core != null) {
            core.close();
        }
    }

    @Test
    void fortySecondDemoAnswer_withoutBudget_completesOverSse() throws Exception {
        core = CoreServer.start(CoreConfig.builder().host("127.0.0.1").port(0).heartbeatInterval(Duration.ofSeconds(1)).build());
        String body = "{\"message\":\"long one\",\"options\":{\"firstTokenDelayMs\":0,\"tokens\":400,\"tokensPerSecond\":10}}";
        try (SseTestClient client = SseTestClient.post(core.localUri(), body, TokenIssuer.forConfig(core.config().jwt()).issue("user-1"))) {
            List<SseTestClient.Event> events = client.readToEnd(Duration.ofSeconds(70)).stream().filter(e -> !e.isComment()).toList();
            assertThat(events.getFirst().event()).isEqualTo("accepted");
            assertThat(events.getLast().event()).isEqualTo("done");
            StringBuilder text = new StringBuilder();
            for (SseTestClient.Event e : events.subList(1, events.size() - 1)) {
                text.append(Json.MAPPER.readTree(e.data()).get("text").asText());
            }
            assertThat(text.toString()).isEqualTo(ChatEngines.demoText(400));
        }
    }
}
