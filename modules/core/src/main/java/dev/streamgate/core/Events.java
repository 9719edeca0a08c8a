package dev.streamgate.core;

import dev.streamgate.protocol.DoneReason;
import dev.streamgate.protocol.ErrorCode;
import dev.streamgate.protocol.ProtocolCodec;
import dev.streamgate.protocol.ServerEvent;
import dev.streamgate.protocol.Usage;

/** Serializes the protocol's server events once, into {@link OutboundEvent}s every sink can send. */
final class Events {

    private static final ProtocolCodec CODEC = ProtocolCodec.create();

    private Events() {
    }

    static ProtocolCodec codec() {
        return CODEC;
    }

    static OutboundEvent of(ServerEvent event) {
        byte[] bytes = CODEC.writeBytes(event);
        long seq = switch (event) {
            case ServerEvent.Chunk c -> c.seq();
            case ServerEvent.Done d -> d.seq();
            default -> OutboundEvent.NO_SEQ;
        };
        return new OutboundEvent(event.type(), seq, bytes);
    }

    static OutboundEvent accepted(String requestId, String streamId) {
        return of(new ServerEvent.Accepted(requestId, streamId));
    }

    static OutboundEvent chunk(String streamId, long seq, String text) {
        return of(new ServerEvent.Chunk(streamId, seq, text));
    }

    static OutboundEvent heartbeat(String streamId) {
        return of(new ServerEvent.Heartbeat(streamId));
    }

    static OutboundEvent handoff(String streamId, long lastSeq) {
        return of(new ServerEvent.Handoff(streamId, lastSeq));
    }

    static OutboundEvent done(String streamId, long seq, DoneReason reason, Usage usage) {
        return of(new ServerEvent.Done(streamId, seq, reason, usage));
    }

    static OutboundEvent error(ErrorCode code, String message, boolean retryable, String streamId, String requestId) {
        return of(new ServerEvent.Error(code, message, retryable, streamId, requestId));
    }
}
