package dev.streamgate.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/** Creates every log group with the configured retention (no LogRetention custom resource, no unbounded logs). */
final class Logs {
    private final RetentionDays retention;

    Logs(StreamgateConfig config) {
        try {
            retention = RetentionDays.valueOf(config.logRetention());
        } catch (IllegalArgumentException e) {
            throw new InvalidDeploymentSettingException("context value logRetention=" + config.logRetention()
                    + " is not a RetentionDays name such as ONE_WEEK, ONE_MONTH or SIX_MONTHS", e);
        }
    }

    LogGroup group(Construct scope, String id) {
        return LogGroup.Builder.create(scope, id).retention(retention).removalPolicy(RemovalPolicy.DESTROY).build();
    }
}
