package dev.streamgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamgate.protocol.internal.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Property-style checks: whatever the text, every chunk fits, pieces concatenate to the input, no code point is cut. */
class EventSplitterTest {
    private static final String[] ALPHABET = {
        "a", "Z", "7", " ", "\n", "\r", "\t", "\"", "\\", "/", "\u0000", "\u0001", "\u001f", "\u007f", "\u00e9", "\u00ff",
        "\u0800", "\u20ac", "\u2028", "\uffff", "\uD83D\uDE00", "\uD83C\uDDE9\uD83C\uDDEA", "\uD83D\uDC69\u200D\uD83D\uDCBB",
        "\uDBFF\uDFFF", "\uD800", "\uDC00",
    };

    private final ProtocolCodec codec = ProtocolCodec.create();

    @Test
    void split_randomTextsAtManyBudgets_everyChunkFitsAndConcatenationIsExact() {
        Random random = new Random(20261125L);
        for (int round = 0; round < 400; round++) {
            int budget = 80 + random.nextInt(round % 4 == 0 ? 2000 : 120);
            String text = randomText(random, random.nextInt(600));
            checkSplit(EventSplitter.create(budget), "stream-" + round, random.nextInt(3) == 0 ? 999_999_990L : 0, text);
        }
    }

    @Test
    void split_adversarialTextsAtTheDefaultBudget_everyChunkFits() {
        EventSplitter splitter = EventSplitter.create();
        List<String> texts = List.of(
                "\u0000".repeat(50_000),
                "\"".repeat(40_000) + "\\".repeat(40_000),
                "\n".repeat(70_000),
                "\uD83D\uDE00".repeat(30_000),
                "\u20ac".repeat(45_000),
                "a".repeat(32_700) + "\uD83D\uDE00" + "a".repeat(100),
                "\u0001\uD83D\uDE00".repeat(20_000),
                "\uD800".repeat(20_000) + "\uDC00".repeat(20_000),
                "x".repeat(200_000));
        for (String text : texts) {
            checkSplit(splitter, "s-adversarial", 0, text);
        }
    }

    @Test
    void split_pairOnTheBoundary_isNeverCut() {
        // shift a surrogate pair across every position around the cut point of a small budget
        EventSplitter splitter = EventSplitter.create(64);
        for (int prefix = 0; prefix < 40; prefix++) {
            for (String filler : List.of("a", "\u0001", "\"", "\u00e9", "\u20ac")) {
                checkSplit(splitter, "s", 0, filler.repeat(prefix) + "\uD83D\uDE00\uD83D\uDE00" + filler.repeat(prefix));
            }
        }
    }

    @Test
    void split_fillsFramesExactlyWhenTheTextAllows() {
        EventSplitter splitter = EventSplitter.create();
        String text = "a".repeat(100_000);

        List<ServerEvent.Chunk> chunks = checkSplit(splitter, "s-1", 0, text);

        assertThat(codec.writeBytes(chunks.get(0))).hasSize(Limits.FRAME_BYTES);
        assertThat(chunks).hasSize(4);
    }

    @Test
    void split_emptyText_givesNoChunksAndTakesNoSeq() {
        AtomicLong seq = new AtomicLong();

        assertThat(EventSplitter.create().split("s", seq::getAndIncrement, "")).isEmpty();
        assertThat(seq).hasValue(0);
    }

    @Test
    void split_budgetTooSmallForTheEnvelope_explainsItself() {
        assertThatThrownBy(() -> EventSplitter.create(40).split("a-long-stream-id-0123456789", () -> 0, "hello"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("raise the budget");
    }

    private List<ServerEvent.Chunk> checkSplit(EventSplitter splitter, String streamId, long firstSeq, String text) {
        AtomicLong seq = new AtomicLong(firstSeq);
        List<ServerEvent.Chunk> chunks = splitter.split(streamId, seq::getAndIncrement, text);
        StringBuilder joined = new StringBuilder();
        long expectedSeq = firstSeq;
        for (ServerEvent.Chunk chunk : chunks) {
            byte[] json = codec.writeBytes(chunk);
            assertThat(json.length).as("serialized chunk size").isLessThanOrEqualTo(splitter.frameBudgetBytes());
            assertThat(chunk.text()).isNotEmpty();
            assertThat(chunk.seq()).isEqualTo(expectedSeq++);
            assertThat(Character.isLowSurrogate(chunk.text().charAt(0)) && startsAfterHigh(text, joined.length()))
                    .as("chunk starts inside a surrogate pair").isFalse();
            ServerEvent.Chunk parsed = (ServerEvent.Chunk) codec.parseEvent(new String(json, StandardCharsets.UTF_8));
            assertThat(parsed.text()).isEqualTo(Utf8.replaceUnpairedSurrogates(chunk.text()));
            joined.append(chunk.text());
        }
        assertThat(joined.toString()).isEqualTo(text);
        assertThat(seq.get() - firstSeq).isEqualTo(chunks.size());
        return chunks;
    }

    private static boolean startsAfterHigh(String text, int index) {
        return index > 0 && Character.isHighSurrogate(text.charAt(index - 1));
    }

    private static String randomText(Random random, int pieces) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            String piece = ALPHABET[random.nextInt(ALPHABET.length)];
            text.append(random.nextInt(10) == 0 ? piece.repeat(1 + random.nextInt(30)) : piece);
        }
        return text.toString();
    }
}
