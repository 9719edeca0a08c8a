package dev.streamgate.infra;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Alarms on Lambda errors and throttles, WebSocket integration/execution errors, REST 5xx, unhealthy
 * core targets and the rate of 410 Gone answers from {@code @connections}, all sent to one SNS topic.
 *
 * <p>The 410 rate comes from the core's embedded-metric-format log lines: namespace {@value #NAMESPACE},
 * dimension {@code Service=core}, counts {@value #GONE_METRIC} (410s) and {@value #POSTS_METRIC} (all
 * posts). A high rate means clients vanish without {@code $disconnect} or the core posts to stale ids.
 */
final class Monitoring extends Construct {
    static final String NAMESPACE = "Streamgate";
    static final String GONE_METRIC = "ConnectionGone";
    static final String POSTS_METRIC = "ConnectionPosts";
    /** Percent of @connections posts answered 410 over 5 minutes, three periods running. */
    static final int GONE_RATE_PERCENT = 5;

    final Topic topic;
    final Map<String, Alarm> alarms = new LinkedHashMap<>();

    Monitoring(Construct scope, String id, StreamgateConfig config, HandlerFunctions handlers, ChatWebSocketApi ws, SseRestApi sse,
            CoreService core) {
        super(scope, id);
        topic = Topic.Builder.create(this, "AlarmTopic").displayName("streamgate alarms").build();
        if (!config.alarmEmail().isBlank()) {
            topic.addSubscription(new EmailSubscription(config.alarmEmail()));
        }
        Duration five = Duration.minutes(5);

        for (Map.Entry<String, Function> e : handlers.functions.entrySet()) {
            Function fn = e.getValue();
            alarm(e.getKey() + "Errors", "Lambda " + e.getKey() + " threw or timed out",
                    fn.metricErrors(MetricOptions.builder().period(five).statistic("Sum").build()), 1, 1);
            alarm(e.getKey() + "Throttles", "Lambda " + e.getKey() + " was throttled (account concurrency)",
                    fn.metricThrottles(MetricOptions.builder().period(five).statistic("Sum").build()), 1, 1);
        }

        Map<String, String> wsDims = Map.of("ApiId", ws.api.getApiId(), "Stage", config.stage());
        alarm("WebSocketIntegrationErrors", "WebSocket API: integration errors (a handler failed or timed out)",
                apiMetric("IntegrationError", wsDims, five), 5, 1);
        alarm("WebSocketExecutionErrors", "WebSocket API: execution errors (API Gateway could not run the route)",
                apiMetric("ExecutionError", wsDims, five), 5, 1);
        alarm("SseApi5xx", "SSE REST API: 5xx answers (504 = the 29 s limit, 502/503 = the core)",
                sse.api.metricServerError(MetricOptions.builder().period(five).statistic("Sum").build()), 5, 1);
        alarm("CoreUnhealthyTargets", "core tasks failing /health behind the ALB",
                core.targetGroup.getMetrics().unhealthyHostCount(MetricOptions.builder().period(Duration.minutes(1))
                        .statistic("Maximum").build()), 1, 3);

        Map<String, String> coreDims = Map.of("Service", "core");
        MathExpression goneRate = MathExpression.Builder.create()
                .expression("IF(posts > 0, 100 * gone / posts, 0)")
                .usingMetrics(Map.<String, IMetric>of(
                        "gone", Metric.Builder.create().namespace(NAMESPACE).metricName(GONE_METRIC).dimensionsMap(coreDims)
                                .statistic("Sum").period(five).build(),
                        "posts", Metric.Builder.create().namespace(NAMESPACE).metricName(POSTS_METRIC).dimensionsMap(coreDims)
                                .statistic("Sum").period(five).build()))
                .label("@connections 410 rate (%)")
                .period(five)
                .build();
        alarm("ConnectionGoneRate", "more than " + GONE_RATE_PERCENT + "% of @connections posts answered 410 Gone",
                goneRate, GONE_RATE_PERCENT, 3);
    }

    private static Metric apiMetric(String name, Map<String, String> dims, Duration period) {
        return Metric.Builder.create().namespace("AWS/ApiGateway").metricName(name).dimensionsMap(dims)
                .statistic("Sum").period(period).build();
    }

    private void alarm(String id, String description, IMetric metric, double threshold, int periods) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription("streamgate: " + description)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(periods)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                // No traffic is not a failure.
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
        alarms.put(id, alarm);
    }
}
