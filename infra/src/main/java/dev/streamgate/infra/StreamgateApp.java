package dev.streamgate.infra;

import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: {@code cdk synth|deploy|destroy} run it through {@code infra/cdk-app.sh}; tests call
 * {@link #build(App)} with fixed context and a dummy account.
 */
public final class StreamgateApp {
    /** Stack name unless {@code -c stackName=...}. */
    public static final String DEFAULT_STACK_NAME = "Streamgate";

    private StreamgateApp() {
    }

    /** Synthesizes the app into {@code cdk.out} (or wherever the CDK CLI points {@code CDK_OUTDIR}). */
    public static void main(String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }

    /** A new app with the given context (the test's stand-in for {@code cdk.json} and {@code -c}). */
    public static App app(Map<String, Object> context) {
        return new App(AppProps.builder().context(context).build());
    }

    /** Adds the streamgate stack to {@code app}, reading settings from its context and the CLI's environment. */
    public static StreamgateStack build(App app) {
        StreamgateConfig config = StreamgateConfig.fromContext(app.getNode()::tryGetContext);
        String account = context(app, "account", "CDK_DEFAULT_ACCOUNT");
        String region = context(app, "region", "CDK_DEFAULT_REGION");
        if (region == null) {
            throw new InvalidDeploymentSettingException("no AWS region: configure credentials for the CDK CLI "
                    + "(AWS_PROFILE / AWS_REGION) or pass -c region=<region> -c account=<account id>");
        }
        if (app.getNode().tryGetContext("availabilityZones") == null && app.getNode().tryGetContext("region") == null) {
            config = config.toBuilder().availabilityZones(java.util.List.of(region + "a", region + "b")).build();
        }
        // The VPC checks its AZs against the stack's, which an env-specific stack looks up with AWS credentials;
        // the configured AZs answer that lookup so synthesis needs no account (CI) and no lookup role.
        String azKey = "availability-zones:account=" + account + ":region=" + region;
        if (account != null && app.getNode().tryGetContext(azKey) == null) {
            app.getNode().setContext(azKey, config.availabilityZones());
        }
        String name = app.getNode().tryGetContext("stackName") instanceof String s ? s : DEFAULT_STACK_NAME;
        return new StreamgateStack(app, name, StackProps.builder()
                .env(Environment.builder().account(account).region(region).build())
                .description("streamgate: chat answers streamed over an API Gateway WebSocket API past the 29 s REST limit")
                .build(), config);
    }

    private static String context(App app, String key, String envVar) {
        Object v = app.getNode().tryGetContext(key);
        if (v != null) {
            return v.toString();
        }
        return System.getenv(envVar);
    }
}
