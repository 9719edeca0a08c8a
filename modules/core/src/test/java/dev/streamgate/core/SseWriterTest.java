package dev.streamgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseWriterTest {

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void event_withTypeIdAndData_isFramedToTheByte() {
        assertThat(SseWriter.event("chunk", "7", "{\"a\":1}"))
                .isEqualTo("event: chunk\nid: 7\ndata: {\"a\":1}\n\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void event_withoutId_hasNoIdLine() {
        assertThat(text(SseWriter.event("accepted", null, "{}"))).isEqualTo("event: accepted\ndata: {}\n\n");
    }

    @Test
    void event_withoutType_hasOnlyData() {
        assertThat(text(SseWriter.event(null, null, "x"))).isEqualTo("data: x\n\n");
    }

    @Test
    void event_withMultiLineData_writesOneDataLinePerLine() {
        assertThat(text(SseWriter.event("chunk", null, "a\nb\r\nc\rd")))
                .isEqualTo("event: chunk\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
    }

    @Test
    void event_withTrailingNewlineAndEmptyData_keepsEmptyDataLines() {
        assertThat(text(SseWriter.event("chunk", null, "a\n"))).isEqualTo("event: chunk\ndata: a\ndata: \n\n");
        assertThat(text(SseWriter.event("chunk", null, ""))).isEqualTo("event: chunk\ndata: \n\n");
    }

    @Test
    void event_withLineBreaksInTypeAndId_stripsThemSoNoFieldCanBeInjected() {
        assertThat(text(SseWriter.event("chunk\r\ndata: evil", "1\nevent: x\0", "ok")))
                .isEqualTo("event: chunkdata: evil\nid: 1event: x\ndata: ok\n\n");
    }

    @Test
    void event_withDataThatLooksLikeFields_cannotEndTheEventEarly() {
        assertThat(text(SseWriter.event("chunk", "1", "x\n\nevent: done\nid: 99")))
                .isEqualTo("event: chunk\nid: 1\ndata: x\ndata: \ndata: event: done\ndata: id: 99\n\n");
    }

    @Test
    void event_withMultiByteText_isUtf8() {
        assertThat(SseWriter.event(null, null, "é😀")).isEqualTo("data: é😀\n\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void event_fromUtf8Bytes_isTheSameFrameAsFromText() {
        String[] types = {"chunk", null, "chunk\r\ndata: evil"};
        String[] ids = {"42", null, "1\nevent: x\0"};
        String[] data = {"{\"text\":\"plain\"}", "", "é😀 \u2028 ü", "a\nb\r\nc\rd", "x\n\nevent: done\nid: 99", "\n", "tail\r"};
        for (String type : types) {
            for (String id : ids) {
                for (String d : data) {
                    assertThat(text(SseWriter.event(type, id, d.getBytes(StandardCharsets.UTF_8))))
                            .as("type=%s id=%s data=%s", type, id, d)
                            .isEqualTo(text(SseWriter.event(type, id, d)));
                }
            }
        }
    }

    @Test
    void comment_isAColonLineAndBlankLine() {
        assertThat(text(SseWriter.comment("heartbeat"))).isEqualTo(": heartbeat\n\n");
        assertThat(text(SseWriter.comment(""))).isEqualTo(":\n\n");
        assertThat(text(SseWriter.comment("a\nb"))).isEqualTo(": ab\n\n");
    }
}
