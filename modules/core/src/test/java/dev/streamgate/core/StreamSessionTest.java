package dev.streamgate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamSessionTest {

    private final CoreConfig config = CoreConfig.builder().gracePeriod(Duration.ofMillis(200))
            .heartbeatInterval(Duration.ofMillis(50)).replayMaxEvents(5).coalesceWindow(Duration.ofMillis(20)).build();
    private final StreamRegistry registry = new StreamRegistry(config);
    private final ManualEngine engine = new ManualEngine();

    @AfterEach
    void close() {
        registry.close();
    }

    private StreamSession started(RecordingSink sink) {
        StreamSession s = registry.open("u1", "r1", "hello", null, null).session();
        if (sink != null) {
            s.attach(sink, -1);
        }
        s.start(engine);
        return s;
    }

    @Test
    void text_givesChunksMonotonicSeqAndDoneTheNextOne() throws Exception {
        RecordingSink sink = new RecordingSink(Duration.ZERO);
        StreamSession s = started(sink);
        engine.output.text("a");
        engine.output.text("b");
        engine.output.done(dev.streamgate.protocol.DoneReason.COMPLETE, null);
        assertThat(sink.next().json()).contains("\"seq\":0", "\"text\":\"a\"");
        assertThat(sink.next().json()).contains("\"seq\":1", "\"text\":\"b\"");
        OutboundEvent done = sink.next();
        assertThat(done.type()).isEqualTo("done");
        assertThat(done.seq()).isEqualTo(2);
        assertThat(done.json()).contains("\"reason\":\"complete\"");
        assertThat(sink.closed).isTrue();
        assertThat(s.state()).isEqualTo(StreamSession.State.ENDED);
    }

    @Test
    void offer_refusesWhileTheSinkIsSlow_withoutTakingTheText_thenTakesIt() throws Exception {
        RecordingSink sink = new RecordingSink(Duration.ZERO);
        started(sink);
        sink.slow = true;
        assertThat(engine.output.offer("lost?")).isEqualTo(EngineOutput.Offer.SLOW);
        sink.slow = false;
        assertThat(engine.output.offer("a")).isEqualTo(EngineOutput.Offer.TAKEN);
        OutboundEvent chunk = sink.next();
        assertThat(chunk.json()).contains("\"seq\":0", "\"text\":\"a\"");
        engine.output.done(dev.streamgate.protocol.DoneReason.COMPLETE, null);
        assertThat(engine.output.offer("b")).isEqualTo(EngineOutput.Offer.ENDED);
    }

    @Test
    void busySink_getsNothingMoreUntilIdle_thenEverythingGatheredMeanwhileAsOneChunk() throws Exception {
        RecordingSink sink = new RecordingSink(Duration.ofMillis(10));
        started(sink);
        sink.busy = true;
        engine.output.text("a");
        engine.output.text("b");
        // three windows pass while the sink is busy: nothing is queued behind its post
        assertThat(sink.poll(30)).isNull();
        engine.output.text("c");
        assertThat(sink.poll(30)).isNull();
        sink.idle();
        OutboundEvent chunk = sink.next();
        assertThat(chunk.json()).contains("\"seq\":0", "\"text\":\"abc\"");
        engine.output.text("d");
        assertThat(sink.next().json()).contains("\"seq\":1", "\"text\":\"d\"");
    }

    @Test
    void busySink_stillGetsAChunkOnceTheSizeBoundIsReached() throws Exception {
        RecordingSink sink = new RecordingSink(Duration.ofMillis(10));
        started(sink);
        sink.busy = true;
        String big = "x".repeat(config.coalesceMaxBytes());
        engine.output.text(big);
        assertThat(sink.next().json()).contains("\"seq\":0");
    }

    @Test
    void textHeldForABusySink_goesToTheReplayBufferOnDetach_andToTheNextSink() throws Exception {
        RecordingSink first = new RecordingSink(Duration.ofMillis(10));
        StreamSession s = started(first);
        first.busy = true;
        engine.output.text("held");
        assertThat(first.poll(30)).isNull();
        s.detach(first);
        RecordingSink second = new RecordingSink(Duration.ofMillis(10));
        s.attach(second, -1);
        assertThat(second.next().json()).contains("\"seq\":0", "\"text\":\"held\"");
        assertThat(first.events).isEmpty();
    }

    @Test
    void zeroWindow_sendsAtOnceEvenWhileBusy() throws Exception {
        RecordingSink sink = new RecordingSink(Duration.ZERO);
        started(sink);
        sink.busy = true;
        engine.output.text("a");
        engine.output.text("b");
        assertThat(sink.next().json()).contains("\"text\":\"a\"");
        assertThat(sink.next().json()).contains("\"text\":\"b\"");
    }

    @Test
    void text_withinTheWindow_isCoalescedIntoOneChunk() throws Exception {
        RecordingSink sink = new RecordingSink(Duration.ofMillis(30));
        started(sink);
        engine.output.text("a");
        engine.output.text("b");
        engine.output.text("c");
        OutboundEvent chunk = sink.next();
        assertThat(chunk.json()).contains("\"text\":\"abc\"");
        assertThat(chunk.seq()).isZero();
    }

    @Test
    void text_overTheSizeBound_isSplitWithoutWaitingAndNeverBreaksACodePoint() throws Exception {
        RecordingSink sink = new RecordingSink(Duration.ofSeconds(60));
        StreamSession s = registry.open("u1", "r2", "hello", null, null).session();
        s.attach(sink, -1);
        s.start(engine);
        String big = "😀".repeat(5000);
        engine.output.text(big);
        StringBuilder got = new StringBuilder();
        while (got.length() < big.length()) {
            OutboundEvent e = sink.next();
            assertThat(e.bytes()).isLessThanOrEqualTo(32_768);
            got.append(textOf(e));
        }
        assertThat(got.toString()).isEqualTo(big);
    }

    private static String textOf(OutboundEvent e) throws Exception {
        return dev.streamgate.core.internal.Json.MAPPER.readTree(e.json()).get("text").asText();
    }

    @Test
    void attach_replaysEverythingAfterLastSeqOnceThenGoesLive() throws Exception {
        RecordingSink first = new RecordingSink(Duration.ZERO);
        StreamSession s = started(first);
        engine.output.text("a");
        engine.output.text("b");
        engine.output.text("c");
        s.detach(first);
        RecordingSink second = new RecordingSink(Duration.ZERO);
        s.attach(second, 0);
        engine.output.text("d");
        assertThat(second.next().seq()).isEqualTo(1);
        assertThat(second.next().seq()).isEqualTo(2);
        assertThat(second.next().seq()).isEqualTo(3);
        assertThat(second.events).isEmpty();
    }

    @Test
    void attach_whenTheEventsLeftTheBuffer_refusesWithReplayUnavailable() {
        RecordingSink sink = new RecordingSink(Duration.ZERO);
        StreamSession s = started(sink);
        for (int i = 0; i < 8; i++) {
            engine.output.text("x" + i);
        }
        assertThatThrownBy(() -> s.attach(new RecordingSink(Duration.ZERO), -1)).isInstanceOf(ReplayUnavailableException.class);
        RecordingSink late = new RecordingSink(Duration.ZERO);
        s.attach(late, 2);
        assertThat(late.events).extracting(OutboundEvent::seq).containsExactly(3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void release_ofAnEndedStream_emptiesItsReplay_soAResumeThatNeedsEventsIsRefused() throws Exception {
        RecordingSink sink = new RecordingSink(Duration.ZERO);
        StreamSession s = started(sink);
        engine.output.text("a");
        engine.output.done(dev.streamgate.protocol.DoneReason.COMPLETE, null);
        assertThat(s.buffered()).extracting(OutboundEvent::seq).containsExactly(0L, 1L);

        s.release();
        assertThat(s.buffered()).isEmpty();
        assertThatThrownBy(() -> s.attach(new RecordingSink(Duration.ZERO), -1)).isInstanceOf(ReplayUnavailableException.class);
        RecordingSink upToDate = new RecordingSink(Duration.ZERO);
        s.attach(upToDate, 1); // a client that has everything is simply closed
        assertThat(upToDate.events).isEmpty();
        assertThat(upToDate.closed).isTrue();
    }

    @Test
    void detach_thenGracePeriodWithoutSink_cancelsTheEngineWithDoneCancelled() throws Exception {
        RecordingSink sink = new RecordingSink(Duration.ZERO);
        StreamSession s = started(sink);
        s.detach(sink);
        assertThat(engine.cancelled.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(s.state()).isEqualTo(StreamSession.State.ENDED);
        assertThat(s.buffered()).last().satisfies(e -> assertThat(e.json()).contains("\"reason\":\"cancelled\""));
    }

    @Test
    void sinkGone_detachesAndAResumeWithinGraceContinues() throws Exception {
        RecordingSink sink = new RecordingSink(Duration.ZERO);
        StreamSession s = started(sink);
        engine.output.text("a");
        sink.drop(EventSink.Closure.GONE);
        assertThat(s.hasSink()).isFalse();
        RecordingSink again = new RecordingSink(Duration.ZERO);
        s.attach(again, -1);
        engine.output.text("b");
        assertThat(again.next().seq()).isZero();
        assertThat(again.next().seq()).isEqualTo(1);
        assertThat(engine.cancelled.getCount()).isEqualTo(1);
    }

    @Test
    void sinkFailed_endsTheStreamAndCancelsTheEngine() throws Exception {
        RecordingSink sink = new RecordingSink(Duration.ZERO);
        StreamSession s = started(sink);
        sink.drop(EventSink.Closure.FAILED);
        assertThat(engine.cancelled.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(s.state()).isEqualTo(StreamSession.State.ENDED);
    }

    @Test
    void silence_sendsHeartbeatsToTheSink() throws Exception {
        RecordingSink sink = new RecordingSink(Duration.ZERO);
        StreamSession s = started(sink);
        assertThat(sink.heartbeats.poll(5, TimeUnit.SECONDS)).isEqualTo(s.id());
        assertThat(sink.heartbeats.poll(5, TimeUnit.SECONDS)).isEqualTo(s.id());
    }

    @Test
    void cancel_endsWithDoneCancelledAndStopsTheEngine() throws Exception {
        RecordingSink sink = new RecordingSink(Duration.ZERO);
        StreamSession s = started(sink);
        s.cancel();
        OutboundEvent done = sink.next();
        assertThat(done.json()).contains("\"reason\":\"cancelled\"");
        assertThat(engine.cancelled.getCount()).isZero();
        assertThat(engine.output.text("late")).isFalse();
    }

    @Test
    void slowConsumer_blocksTheEngineUntilItCatchesUp() throws Exception {
        RecordingSink sink = new RecordingSink(Duration.ZERO);
        started(sink);
        sink.slow = true;
        assertThat(engine.output.consumerSlow()).isTrue();
        Thread writer = Thread.ofVirtual().start(() -> engine.output.text("x"));
        writer.join(Duration.ofMillis(100));
        assertThat(writer.isAlive()).isTrue();
        sink.slow = false;
        assertThat(sink.next().json()).contains("\"text\":\"x\"");
    }

    @Test
    void open_withTheSameUserAndRequestId_returnsTheSameStream() {
        StreamRegistry.Opened a = registry.open("u", "req", "m", null, null);
        StreamRegistry.Opened b = registry.open("u", "req", "m", null, null);
        StreamRegistry.Opened c = registry.open("other", "req", "m", null, null);
        assertThat(a.created()).isTrue();
        assertThat(b.created()).isFalse();
        assertThat(b.session()).isSameAs(a.session());
        assertThat(c.session()).isNotSameAs(a.session());
    }
}
