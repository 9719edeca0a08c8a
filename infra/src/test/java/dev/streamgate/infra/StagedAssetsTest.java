package dev.streamgate.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** What the build stages for deployment: the shaded Lambda jar and the core image's context. */
class StagedAssetsTest {
    static final Path ASSETS = Path.of("target", "assets");

    @Test
    void handlerJar_isTheShadedJarWithAllFourHandlersAndTheirDependencies() throws IOException {
        try (ZipFile jar = new ZipFile(ASSETS.resolve("handlers").resolve(StreamgateStack.HANDLER_JAR).toFile())) {
            for (String handler : List.of("ConnectAuthorizer", "ConnectHandler", "DefaultHandler", "DisconnectHandler")) {
                assertThat(jar.getEntry(HandlerFunctions.PACKAGE.replace('.', '/') + handler + ".class")).as(handler).isNotNull();
            }
            // A thin jar would deploy and then fail every invocation with NoClassDefFoundError.
            assertThat(jar.getEntry("dev/streamgate/store/DynamoDb.class")).as("shaded store").isNotNull();
            assertThat(jar.getEntry("dev/streamgate/handlers/internal/ConnectionsClient.class")).as("@connections client").isNotNull();
            // DynamoDB calls go through the SDK's URL-connection HTTP client, found by ServiceLoader at run time
            assertThat(jar.stream().anyMatch(e -> e.getName().startsWith("software/amazon/awssdk/http/urlconnection/")))
                    .as("shaded url-connection HTTP client").isTrue();
        }
    }

    @Test
    void coreImage_hasTheDockerfileTheMainClassAndItsRuntimeJarsButNoCdk() throws IOException {
        Path core = ASSETS.resolve("core");
        assertThat(Files.readString(core.resolve("Dockerfile"))).contains("dev.streamgate.core.CoreServer");
        try (Stream<Path> jars = Files.list(core.resolve("lib"))) {
            List<String> names = jars.map(p -> p.getFileName().toString()).toList();
            assertThat(names).anyMatch(n -> n.startsWith("streamgate-core-"))
                    .anyMatch(n -> n.startsWith("jackson-databind-"))
                    .anyMatch(n -> n.startsWith("grizzly-http-server-"))
                    .noneMatch(n -> n.startsWith("aws-cdk-lib") || n.startsWith("jsii-runtime") || n.startsWith("constructs-"));
            Path coreJar = core.resolve("lib").resolve(names.stream().filter(n -> n.startsWith("streamgate-core-")).findFirst().orElseThrow());
            try (ZipFile jar = new ZipFile(coreJar.toFile())) {
                assertThat(jar.getEntry("dev/streamgate/core/CoreServer.class")).isNotNull();
            }
        }
    }
}
