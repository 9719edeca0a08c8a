package dev.streamgate.infra;

import java.util.List;
import software.amazon.awscdk.services.apigateway.CfnAccount;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The account-level role API Gateway (REST and WebSocket) needs before any stage may write access logs.
 *
 * <p>This is the one place a wildcard resource appears: AWS's managed policy
 * {@code AmazonAPIGatewayPushToCloudWatchLogs} must cover log groups API Gateway names itself, account
 * wide. Skip it with {@code -c apiGatewayAccountRole=false} when the account already has one.
 */
final class ApiGatewayAccount extends Construct {
    static final String MANAGED_POLICY = "service-role/AmazonAPIGatewayPushToCloudWatchLogs";

    final CfnAccount account;

    ApiGatewayAccount(Construct scope, String id) {
        super(scope, id);
        Role role = Role.Builder.create(this, "CloudWatchRole")
                .assumedBy(new ServicePrincipal("apigateway.amazonaws.com"))
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName(MANAGED_POLICY)))
                .build();
        account = CfnAccount.Builder.create(this, "Account").cloudWatchRoleArn(role.getRoleArn()).build();
    }
}
