package dev.streamgate.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Context parsing; no synthesis. */
class StreamgateConfigTest {

    @Test
    void fromContext_whenEmpty_usesDeployableDefaults() {
        StreamgateConfig c = StreamgateConfig.fromContext(Map.<String, Object>of()::get);
        assertThat(c.stage()).isEqualTo("prod");
        assertThat(c.tokenSource()).isEqualTo(StreamgateConfig.TokenSource.QUERY);
        assertThat(c.sseStreaming()).isFalse();
        assertThat(c.natGateways()).isEqualTo(1);
        assertThat(c.retainTables()).isTrue();
    }

    @Test
    void fromContext_readsStringsAsTheCliPassesThem() {
        StreamgateConfig c = StreamgateConfig.fromContext(Map.<String, Object>of(
                "region", "eu-west-1", "coreMaxTasks", "10", "sseStreaming", "true", "tokenSource", "Subprotocol")::get);
        assertThat(c.availabilityZones()).containsExactly("eu-west-1a", "eu-west-1b");
        assertThat(c.coreMaxTasks()).isEqualTo(10);
        assertThat(c.sseStreaming()).isTrue();
        assertThat(c.tokenSource().identitySource()).isEqualTo("route.request.header.Sec-WebSocket-Protocol");
    }

    @Test
    void fromContext_whenANumberIsNotOne_namesTheKey() {
        assertThatThrownBy(() -> StreamgateConfig.fromContext(Map.<String, Object>of("coreCpu", "lots")::get))
                .isInstanceOf(InvalidDeploymentSettingException.class)
                .hasMessageContaining("coreCpu=lots").hasMessageContaining("-c coreCpu=");
    }

    @Test
    void build_whenStreamTimeoutExceedsFifteenMinutes_refuses() {
        assertThatThrownBy(() -> StreamgateConfig.builder().sseStreamTimeoutSeconds(901).build())
                .isInstanceOf(InvalidDeploymentSettingException.class).hasMessageContaining("15 minutes");
    }

    @Test
    void build_whenNoNatGateway_refusesBecauseTasksCouldNotPullImages() {
        assertThatThrownBy(() -> StreamgateConfig.builder().natGateways(0).build())
                .isInstanceOf(InvalidDeploymentSettingException.class).hasMessageContaining("natGateways");
    }

    @Test
    void tables_comeFromTheStoreDefinitions() {
        dev.streamgate.store.TableDefinitions defs = dev.streamgate.store.TableDefinitions.defaults();
        TableSpec streams = StreamgateTables.all().get(1);
        assertThat(streams.partitionKey().name()).isEqualTo(defs.streams().partitionKey().name());
        assertThat(streams.indexes()).extracting(TableSpec.Index::name)
                .containsExactlyElementsOf(defs.streams().indexes().stream().map(dev.streamgate.store.GlobalIndex::name).toList());
        assertThat(StreamgateTables.all().get(0).indexes().get(0).sortKey().type()).isEqualTo(TableSpec.KeyType.N);
    }

    @Test
    void tables_haveTtlAndAnEnvironmentVariableEach() {
        assertThat(StreamgateTables.all()).extracting(TableSpec::envVar)
                .containsExactly("SG_CONNECTIONS_TABLE", "SG_STREAMS_TABLE");
        assertThat(StreamgateTables.all()).allSatisfy(t -> assertThat(t.ttlAttribute()).isNotBlank());
        assertThat(StreamgateConfig.builder().availabilityZones(List.of(" a ", "b")).build().availabilityZones())
                .containsExactly("a", "b");
    }
}
