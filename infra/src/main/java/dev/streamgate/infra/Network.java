package dev.streamgate.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.Construct;

/**
 * The VPC and the four security groups that decide who may talk to whom.
 *
 * <p>Nothing accepts traffic from the internet: the ALB takes port 80 from the Lambdas and the REST API's
 * VPC link only, the core takes 8080 from the ALB and from the Lambdas (which route cancel/resume straight
 * to the task that owns a stream). The Lambdas' and VPC link's egress is closed down to what they call.
 */
final class Network extends Construct {
    static final int CORE_PORT = 8080;
    static final int ALB_PORT = 80;

    final Vpc vpc;
    final SecurityGroup lambdas;
    final SecurityGroup alb;
    final SecurityGroup core;
    final SecurityGroup vpcLink;

    Network(Construct scope, String id, StreamgateConfig config) {
        super(scope, id);
        vpc = Vpc.Builder.create(this, "Vpc")
                // Explicit AZs keep synthesis free of account lookups (the CI has no AWS account).
                .availabilityZones(config.availabilityZones())
                .natGateways(config.natGateways())
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
                        SubnetConfiguration.builder().name("private").subnetType(SubnetType.PRIVATE_WITH_EGRESS).cidrMask(22).build()))
                // DynamoDB traffic stays off the NAT gateway (free endpoint, saves NAT data charges).
                .gatewayEndpoints(Map.of("DynamoDb",
                        GatewayVpcEndpointOptions.builder().service(GatewayVpcEndpointAwsService.DYNAMODB).build()))
                .build();

        lambdas = SecurityGroup.Builder.create(this, "LambdaSg").vpc(vpc).allowAllOutbound(false)
                .description("streamgate Lambda handlers: no ingress").build();
        alb = SecurityGroup.Builder.create(this, "AlbSg").vpc(vpc).allowAllOutbound(false)
                .description("streamgate internal ALB: from the Lambdas and the SSE VPC link only").build();
        core = SecurityGroup.Builder.create(this, "CoreSg").vpc(vpc).allowAllOutbound(true)
                .description("streamgate core tasks: from the ALB and the Lambdas only").build();
        vpcLink = SecurityGroup.Builder.create(this, "VpcLinkSg").vpc(vpc).allowAllOutbound(false)
                .description("streamgate REST API VPC link: egress to the ALB only").build();

        // Secrets Manager, DynamoDB and @connections are HTTPS APIs reached through NAT or the gateway endpoint.
        lambdas.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "AWS APIs over HTTPS");
        lambdas.getConnections().allowTo(alb, Port.tcp(ALB_PORT), "Lambdas to the core's load balancer (new chats)");
        lambdas.getConnections().allowTo(core, Port.tcp(CORE_PORT), "Lambdas to the task owning a stream (cancel, resume)");
        vpcLink.getConnections().allowTo(alb, Port.tcp(ALB_PORT), "SSE REST API to the core's load balancer");
        alb.getConnections().allowTo(core, Port.tcp(CORE_PORT), "load balancer to the core tasks");
    }

    SubnetSelection privateSubnets() {
        return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
    }
}
